package org.atrium.store;

/** What {@link ResearchStore#store} did with an object. */
public record StoreResult(Outcome outcome, InstanceRecord instance) {

    public enum Outcome {
        /** A new instance. */
        STORED,
        /** The SOP Instance UID was already stored and the policy keeps the first copy. */
        DUPLICATE_IGNORED,
        /** The SOP Instance UID was already stored and the policy replaces it. */
        REPLACED
    }
}
