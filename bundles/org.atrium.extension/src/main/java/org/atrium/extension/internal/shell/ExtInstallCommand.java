package org.atrium.extension.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.extension.ExtensionException;
import org.atrium.extension.internal.ExtensionManager;

@Command(
        scope = "atrium",
        name = "ext-install",
        description =
                "Installs an extension from a KAR file or an available atrium-ext-* feature; all or nothing."
                        + " A newer version of an installed extension upgrades it (refused while the older version's jobs run).")
@Service
public class ExtInstallCommand implements Action {

    @Reference
    ExtensionManager extensions;

    @Argument(
            index = 0,
            name = "kar-or-feature",
            description = "Path of a .kar file, or a feature name (name/version for a given version)",
            required = true)
    String target;

    @Override
    public Object execute() throws Exception {
        try {
            System.out.println(extensions.install(target));
        } catch (ExtensionException e) {
            System.out.println("Not installed: " + e.getMessage());
        }
        return null;
    }
}
