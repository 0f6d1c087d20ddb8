package org.atrium.store;

/** A store operation failed; {@link #reason()} says how, so that callers can answer precisely. */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The object is not valid DICOM or lacks a required attribute. */
        INVALID_OBJECT,
        /** No space left, or another resource is exhausted. */
        OUT_OF_RESOURCES,
        /** The query cannot be understood. */
        INVALID_QUERY,
        /** The database or file system failed. */
        INTERNAL
    }

    private final Reason reason;

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public StoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
