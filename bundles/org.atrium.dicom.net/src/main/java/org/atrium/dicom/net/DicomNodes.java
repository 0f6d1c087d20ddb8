package org.atrium.dicom.net;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.atrium.dicom.TlsConfig;
import org.osgi.annotation.versioning.ProviderType;

/** The configured remote nodes. */
@ProviderType
public interface DicomNodes {

    List<RemoteNode> list();

    /** By configured name, or else by AE title (case-sensitive, as AE titles are). */
    Optional<RemoteNode> find(String nameOrAeTitle);

    /** The calling AE title the platform uses towards remote nodes. */
    String localAeTitle();

    /**
     * Adds (or replaces) the node {@code name} as a factory configuration {@code
     * org.atrium.dicom.node~name}, which Karaf keeps as {@code etc/org.atrium.dicom.node-name.cfg}.
     * The node shows up in {@link #list()} once its component is active.
     *
     * @throws IllegalArgumentException for an invalid name, AE title, host or port
     */
    default void add(String name, String aeTitle, String host, int port, Set<RemoteNode.Purpose> purposes)
            throws IOException {
        add(name, aeTitle, host, port, purposes, null);
    }

    /**
     * As {@link #add(String, String, String, int, Set)}, associating over TLS when {@code tls} is
     * not {@code null}: the node's certificate is verified against its truststore (the JVM's
     * default certificate authorities without one); its keystore holds the client certificate
     * shown to nodes that ask for one.
     *
     * @throws IllegalArgumentException also for a keystore or truststore that cannot be read
     * @since 1.2
     */
    void add(String name, String aeTitle, String host, int port, Set<RemoteNode.Purpose> purposes, TlsConfig tls)
            throws IOException;

    /** Deletes the node's configuration (and so its etc file); false when there was none. */
    boolean remove(String name) throws IOException;

    /** C-ECHO to a configured node: the round-trip time, or what failed, in words. */
    EchoResult echo(String nameOrAeTitle);

    /**
     * Outcome of {@link #echo}.
     *
     * @param node the node as it was called
     * @param millis round-trip time (association, echo, release) when it succeeded, else -1
     * @param failure what failed, {@code null} on success
     * @param message the details: the reject reason and source, the DIMSE status, the timeout
     */
    record EchoResult(String node, long millis, Failure failure, String message) {
        public boolean success() {
            return failure == null;
        }
    }

    /** Why an echo failed. */
    enum Failure {
        UNKNOWN_NODE,
        UNKNOWN_HOST,
        CONNECTION_REFUSED,
        TIMEOUT,
        ASSOCIATION_REJECTED,
        ASSOCIATION_ABORTED,
        DIMSE_FAILURE,
        /** The TLS handshake failed: the node's certificate is not trusted, or it refused ours. @since 1.2 */
        TLS_HANDSHAKE,
        OTHER
    }
}
