package org.atrium.web;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks user names and passwords against the platform's JAAS realm: the same users and roles as
 * the REST API and the console. A service of the web bundle, for log-in pages.
 */
@ProviderType
public interface UserRealm {

    /** The user with their roles, or empty when the name or password is wrong. */
    Optional<WebUser> authenticate(String name, char[] password);
}
