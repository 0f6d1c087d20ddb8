package org.atrium.core.health;

import java.util.Map;
import java.util.Objects;

/** The state of one component at one moment, with details worth showing to an admin. */
public record Health(Status status, String message, Map<String, Object> details) {

    public enum Status {
        UP,
        DEGRADED,
        DOWN
    }

    public Health {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Health up(String message, Map<String, Object> details) {
        return new Health(Status.UP, message, details);
    }

    public static Health degraded(String message) {
        return new Health(Status.DEGRADED, message, Map.of());
    }

    public static Health down(String message) {
        return new Health(Status.DOWN, message, Map.of());
    }
}
