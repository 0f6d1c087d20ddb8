package org.atrium.extension;

/** An install or uninstall that was refused or failed; the message is for the admin. */
public final class ExtensionException extends Exception {

    private static final long serialVersionUID = 1L;

    public ExtensionException(String message) {
        super(message);
    }
}
