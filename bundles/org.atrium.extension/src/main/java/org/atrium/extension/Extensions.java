package org.atrium.extension;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The extension manager: what the console, the REST API and the UI install and uninstall with. */
@ProviderType
public interface Extensions {

    /** Installed and available extensions, by name. */
    List<Extension> list() throws ExtensionException;

    /**
     * Installs a KAR file (a path) or an available extension feature ({@code name} or {@code
     * name/version}); all or nothing. A newer version of an installed extension upgrades it: the new
     * version is installed, then the older one uninstalled; refused while jobs of the older version
     * are queued or running. Returns what was installed and how long it took.
     */
    String install(String karOrFeature) throws ExtensionException;

    /**
     * Uninstalls an extension feature ({@code name}, or {@code name/version} when several versions
     * are installed); refused while its algorithms have queued or running jobs unless {@code force},
     * which cancels them first.
     */
    String uninstall(String feature, boolean force) throws ExtensionException;
}
