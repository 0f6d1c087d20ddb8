package org.atrium.search;

/** A search failed; {@link #reason()} says whose fault it is. */
public class SearchException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The query, a filter, the sort or a facet cannot be understood; the message says where. */
        BAD_QUERY,
        /** The search index cannot be reached now. */
        UNAVAILABLE
    }

    private final Reason reason;

    public SearchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public SearchException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
