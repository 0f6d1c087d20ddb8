package org.atrium.dicom.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a client waits.
 *
 * @param connect for the TCP connection
 * @param response for the answer to an association request and for each DIMSE response
 * @param retrieve for the next response of a C-MOVE or C-GET, whose sub-operations take time
 */
public record ClientTimeouts(Duration connect, Duration response, Duration retrieve) {

    public static final ClientTimeouts DEFAULTS =
            new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10));

    public ClientTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(retrieve, "retrieve");
        if (connect.isNegative()
                || connect.isZero()
                || response.isNegative()
                || response.isZero()
                || retrieve.isNegative()
                || retrieve.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
