package org.atrium.dicom;

import java.util.Objects;

/** A remote DICOM application entity: where to connect and which AE title to call. */
public record DicomNode(String name, String aeTitle, String host, int port) {

    public DicomNode {
        Objects.requireNonNull(aeTitle, "aeTitle");
        Objects.requireNonNull(host, "host");
        AeTitles.requireValid(aeTitle);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        name = name == null || name.isBlank() ? aeTitle : name;
    }

    public DicomNode(String aeTitle, String host, int port) {
        this(aeTitle, aeTitle, host, port);
    }

    @Override
    public String toString() {
        return name + " (" + aeTitle + "@" + host + ":" + port + ")";
    }
}
