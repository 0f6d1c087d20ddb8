package org.atrium.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.atrium.web.WebUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the user of a request: HTTP Basic against the realm, or a bearer token. */
final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final JaasRealm realm;
    private final Tokens tokens;

    Authenticator(JaasRealm realm, Tokens tokens) {
        this.realm = realm;
        this.tokens = tokens;
    }

    Tokens tokens() {
        return tokens;
    }

    /** The user, or empty when the request carries no valid credentials (failures are logged). */
    Optional<WebUser> authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<WebUser> user = tokens.user(header.substring(7).trim());
            if (user.isEmpty()) {
                LOG.warn("Rejected an unknown or expired token from {}", request.getRemoteAddr());
            }
            return user;
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                LOG.warn("Rejected malformed Basic credentials from {}", request.getRemoteAddr());
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String name = decoded.substring(0, colon);
            Optional<WebUser> user =
                    realm.login(name, decoded.substring(colon + 1).toCharArray());
            if (user.isEmpty()) {
                LOG.warn("Failed login of '{}' from {}", name, request.getRemoteAddr());
            }
            return user;
        }
        return Optional.empty();
    }
}
