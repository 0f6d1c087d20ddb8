package org.atrium.pacs;

import java.util.EnumSet;
import java.util.Set;

/**
 * States of an import item (one study) and, summarised, of an import job. Only {@link #COMPLETE}
 * means that every instance the node listed is in the research store.
 */
public enum ImportState {
    /** Waiting for its turn, a free association or the allowed time window. */
    QUEUED,
    /** Being queried or retrieved now. */
    RUNNING,
    /** Failed for a reason that may pass (node down, failed sub-operations); tried again later. */
    RETRYING,
    /** Everything the node listed is in the store. */
    COMPLETE,
    /** Given up: the message says why and what is missing. */
    FAILED,
    /** Cancelled by a user; what arrived stays in the store. */
    CANCELLED;

    public boolean terminal() {
        return this == COMPLETE || this == FAILED || this == CANCELLED;
    }

    /** Whether an item may go from this state to {@code next}. */
    public boolean canMoveTo(ImportState next) {
        return switch (this) {
            case QUEUED -> Set.of(RUNNING, CANCELLED).contains(next);
                // back to QUEUED: resumed after a restart, or the time window closed
            case RUNNING -> EnumSet.of(COMPLETE, FAILED, RETRYING, QUEUED, CANCELLED)
                    .contains(next);
            case RETRYING -> EnumSet.of(RUNNING, QUEUED, CANCELLED).contains(next);
                // a user's retry
            case FAILED, CANCELLED -> next == QUEUED;
            case COMPLETE -> false;
        };
    }
}
