package org.atrium.dicom;

/**
 * A DICOM operation failed. Carries the DIMSE status to answer with (SCP side) or the status a
 * peer answered (SCU side), and a message that says why in words.
 */
public class DicomException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public DicomException(int status, String message) {
        super(message);
        this.status = status;
    }

    public DicomException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " [status " + Status.toString(status) + "]";
    }
}
