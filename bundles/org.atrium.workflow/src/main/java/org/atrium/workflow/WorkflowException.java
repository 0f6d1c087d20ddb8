package org.atrium.workflow;

/** A request the workflow service refuses, with a message fit for the user. */
public class WorkflowException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Bad input: parameters that violate the schema, no series to run on. */
        INVALID,
        /** No such algorithm, workflow or job. */
        NOT_FOUND,
        /** Not in a state that allows it, or its algorithm version is no longer installed. */
        CONFLICT,
        /** A service it needs (database, search) does not answer. */
        UNAVAILABLE
    }

    private final Reason reason;

    public WorkflowException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public WorkflowException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
