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
 * @param tls TLS settings, with a keystore; {@code null} for plain TCP
 * @param aliases further called AE titles the listener answers to, so that senders can pick a
 *     destination ("send to AE X to land in dataset Y") on one port
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
        TlsConfig tls,
        Set<String> aliases) {

    public ListenerConfig {
        aeTitle = AeTitles.requireValid(aeTitle);
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (tls != null && tls.keystore() == null) {
            throw new IllegalArgumentException("a TLS listener needs a keystore with its key and certificate");
        }
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
        aliases = aliases == null
                ? Set.of()
                : aliases.stream().map(AeTitles::requireValid).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A listener on plain TCP or TLS, answering to its AE title only. */
    public ListenerConfig(
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
        this(
                aeTitle,
                bindAddress,
                port,
                allowedCallingAets,
                allowedHosts,
                spoolDir,
                maxPduLength,
                idleTimeout,
                maxAssociations,
                tls,
                Set.of());
    }

    /** Whether an association request calling {@code calledAet} is for this listener. */
    public boolean answersTo(String calledAet) {
        return aeTitle.equals(calledAet) || aliases.contains(calledAet);
    }

    /** A listener on plain TCP. */
    public ListenerConfig(
            String aeTitle,
            String bindAddress,
            int port,
            Set<String> allowedCallingAets,
            Set<String> allowedHosts,
            Path spoolDir,
            int maxPduLength,
            Duration idleTimeout,
            int maxAssociations) {
        this(
                aeTitle,
                bindAddress,
                port,
                allowedCallingAets,
                allowedHosts,
                spoolDir,
                maxPduLength,
                idleTimeout,
                maxAssociations,
                null,
                Set.of());
    }
}
