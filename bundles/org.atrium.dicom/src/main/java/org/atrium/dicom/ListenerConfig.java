package org.atrium.dicom;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a listener accepts associations.
 *
 * @param aeTitle the called AE title it answers to; other called titles are rejected
 * @param bindAddress the local address, {@code 0.0.0.0} for all
 * @param port the TCP port; 0 picks a free one
 * @param allowedCallingAets calling AE titles allowed in; empty allows all
 * @param allowedHosts remote host addresses allowed in; empty allows all
 * @param spoolDir where received objects are written before {@link StorageScp#store} takes them
 * @param maxPduLength the largest PDU accepted and announced
 * @param idleTimeout an association with no traffic for this long is aborted
 * @param maxAssociations associations served at once; more are rejected (transient)
 * @param tls TLS settings; {@code null} for plain TCP
 */
public record ListenerConfig(
        String aeTitle,
        String bindAddress,
        int port,
        Set<String> allowedCallingAets,
        Set<String> allowedHosts,
        Path spoolDir,
        int maxPduLength,
        Duration idleTimeout,
        int maxAssociations,
        TlsConfig tls) {

    public ListenerConfig {
        aeTitle = AeTitles.requireValid(aeTitle);
        Objects.requireNonNull(spoolDir, "spoolDir");
        bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress;
        allowedCallingAets = allowedCallingAets == null ? Set.of() : Set.copyOf(allowedCallingAets);
        allowedHosts = allowedHosts == null ? Set.of() : Set.copyOf(allowedHosts);
        if (maxPduLength < 4096 || maxPduLength > 1 << 24) {
            throw new IllegalArgumentException("maxPduLength out of range: " + maxPduLength);
        }
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : idleTimeout;
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1");
        }
    }

    /** A listener on plain TCP. */
    public ListenerConfig(String aeTitle, String bindAddress, int port, Set<String> allowedCallingAets,
            Set<String> allowedHosts, Path spoolDir, int maxPduLength, Duration idleTimeout, int maxAssociations) {
        this(aeTitle, bindAddress, port, allowedCallingAets, allowedHosts, spoolDir, maxPduLength, idleTimeout,
                maxAssociations, null);
    }
}
