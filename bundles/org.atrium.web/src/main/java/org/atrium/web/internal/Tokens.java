package org.atrium.web.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.atrium.web.WebUser;

/**
 * Bearer tokens for scripts: issued to an authenticated user, valid for a while, kept in memory
 * (a restart asks scripts to log in again).
 */
final class Tokens {

    private record Grant(WebUser user, Instant expires) {}

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final Clock clock;

    Tokens(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    record Issued(String token, Instant expires) {}

    Issued issue(WebUser user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = clock.instant().plus(lifetime);
        grants.put(token, new Grant(user, expires));
        grants.values().removeIf(g -> g.expires().isBefore(clock.instant()));
        return new Issued(token, expires);
    }

    Optional<WebUser> user(String token) {
        Grant grant = grants.get(token);
        if (grant == null) {
            return Optional.empty();
        }
        if (grant.expires().isBefore(clock.instant())) {
            grants.remove(token);
            return Optional.empty();
        }
        return Optional.of(grant.user());
    }

    void revoke(String token) {
        grants.remove(token);
    }
}
