package org.atrium.extension.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atrium.extension.Extension;
import org.atrium.extension.internal.ExtensionManager;

@Command(scope = "atrium", name = "ext-list", description = "Lists installed and available extensions.")
@Service
public class ExtListCommand implements Action {

    @Reference
    ExtensionManager extensions;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Feature");
        table.column("Version");
        table.column("Installed");
        table.column("Vendor");
        table.column("Algorithms");
        table.column("Tools");
        for (Extension e : extensions.list()) {
            table.addRow()
                    .addContent(
                            e.feature(),
                            e.version(),
                            e.installed() ? "yes" : "no",
                            e.vendor(),
                            String.join(", ", e.algorithms()),
                            String.join(", ", e.tools()));
        }
        table.print(System.out);
        return null;
    }
}
