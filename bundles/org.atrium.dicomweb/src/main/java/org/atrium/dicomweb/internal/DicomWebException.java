package org.atrium.dicomweb.internal;

/** A request refused with an HTTP status and a message for the client. */
final class DicomWebException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    DicomWebException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
