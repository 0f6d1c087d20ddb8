package org.atrium.web.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.atrium.web.UserRealm;
import org.atrium.web.WebUser;

/**
 * Checks user names and passwords against a JAAS realm: Karaf's {@code karaf} realm by default
 * (users.properties, or LDAP when configured), the same users the console and the UI know.
 * Roles are the names of the subject's role principals.
 */
final class JaasRealm implements UserRealm {

    private volatile String realm;

    JaasRealm(String realm) {
        this.realm = realm;
    }

    /** Switches to another realm; log-ins from now on use it. */
    void use(String realm) {
        this.realm = realm;
    }

    @Override
    public Optional<WebUser> authenticate(String name, char[] password) {
        return login(name, password);
    }

    Optional<WebUser> login(String name, char[] password) {
        Subject subject = new Subject();
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback n) {
                        n.setName(name);
                    } else if (callback instanceof PasswordCallback p) {
                        p.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            context.login();
        } catch (LoginException e) {
            return Optional.empty();
        }
        Set<String> roles = new HashSet<>();
        subject.getPrincipals().stream()
                // Karaf's org.apache.karaf.jaas.boot.principal.RolePrincipal, matched by name to stay
                // free of a Karaf import.
                .filter(p -> p.getClass().getSimpleName().equals("RolePrincipal"))
                .forEach(p -> roles.add(p.getName()));
        return Optional.of(new WebUser(name, roles));
    }
}
