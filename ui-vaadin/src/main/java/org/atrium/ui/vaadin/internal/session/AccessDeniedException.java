package org.atrium.ui.vaadin.internal.session;

/** A user opened a view their roles do not allow. */
public final class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** For Vaadin, which creates the exception of a rerouted navigation itself. */
    public AccessDeniedException() {
        super("not allowed");
    }

    public AccessDeniedException(String message) {
        super(message);
    }
}
