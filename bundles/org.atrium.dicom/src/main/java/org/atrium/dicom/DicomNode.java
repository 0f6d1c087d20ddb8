package org.atrium.dicom;

import java.util.Objects;

/**
 * A remote DICOM application entity: where to connect, which AE title to call, and whether to
 * associate over TLS.
 *
 * @param tls TLS settings for associations to this node; {@code null} for plain TCP
 */
public record DicomNode(String name, String aeTitle, String host, int port, TlsConfig tls) {

    public DicomNode {
        Objects.requireNonNull(aeTitle, "aeTitle");
        Objects.requireNonNull(host, "host");
        AeTitles.requireValid(aeTitle);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        name = name == null || name.isBlank() ? aeTitle : name;
    }

    /** A node reached over plain TCP. */
    public DicomNode(String name, String aeTitle, String host, int port) {
        this(name, aeTitle, host, port, null);
    }

    public DicomNode(String aeTitle, String host, int port) {
        this(aeTitle, aeTitle, host, port, null);
    }

    @Override
    public String toString() {
        return name + " (" + aeTitle + "@" + host + ":" + port + (tls == null ? "" : ", TLS") + ")";
    }
}
