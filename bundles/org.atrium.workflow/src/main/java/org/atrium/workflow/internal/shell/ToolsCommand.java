package org.atrium.workflow.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atrium.extension.api.ToolDescriptor;
import org.atrium.workflow.ToolLaunch;
import org.atrium.workflow.ToolService;

@Command(scope = "atrium", name = "tools", description = "Lists the installed tools and the open launches.")
@Service
public class ToolsCommand implements Action {

    @Reference
    ToolService tools;

    @Override
    public Object execute() throws Exception {
        ShellTable installed = new ShellTable();
        installed.column("Tool");
        installed.column("Version");
        installed.column("Name");
        installed.column("Modalities");
        for (ToolDescriptor d : tools.tools()) {
            installed
                    .addRow()
                    .addContent(
                            d.id(),
                            d.version(),
                            d.name(),
                            String.join(",", d.inputs().modalities()));
        }
        installed.print(System.out);
        ShellTable open = new ShellTable();
        open.column("Launch");
        open.column("Tool");
        open.column("User");
        open.column("Running");
        open.column("Imported");
        open.column("Status").maxSize(80);
        for (ToolLaunch launch : tools.launches()) {
            open.addRow()
                    .addContent(
                            launch.id(),
                            launch.toolId(),
                            launch.user(),
                            launch.alive() ? "yes" : "no",
                            launch.imported().size(),
                            launch.status());
        }
        open.print(System.out);
        return null;
    }
}
