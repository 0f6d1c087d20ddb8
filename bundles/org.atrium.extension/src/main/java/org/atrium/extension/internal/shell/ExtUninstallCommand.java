package org.atrium.extension.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.extension.ExtensionException;
import org.atrium.extension.internal.ExtensionManager;

@Command(
        scope = "atrium",
        name = "ext-uninstall",
        description = "Uninstalls an extension feature; refused while its algorithms have queued or running jobs"
                + " unless --force cancels them.")
@Service
public class ExtUninstallCommand implements Action {

    @Reference
    ExtensionManager extensions;

    @Argument(index = 0, name = "feature", description = "atrium-ext-* feature, or feature/version", required = true)
    String feature;

    @Option(name = "-f", aliases = "--force", description = "Cancel the extension's queued and running jobs first")
    boolean force;

    @Override
    public Object execute() throws Exception {
        try {
            System.out.println(extensions.uninstall(feature, force));
        } catch (ExtensionException e) {
            System.out.println("Not uninstalled: " + e.getMessage());
        }
        return null;
    }
}
