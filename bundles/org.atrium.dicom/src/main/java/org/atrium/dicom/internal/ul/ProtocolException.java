package org.atrium.dicom.internal.ul;

import java.io.IOException;

/** The peer broke the upper layer or DIMSE protocol; the association is aborted with {@link #reason()}. */
final class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int reason;

    ProtocolException(int reason, String message) {
        super(message);
        this.reason = reason;
    }

    int reason() {
        return reason;
    }
}
