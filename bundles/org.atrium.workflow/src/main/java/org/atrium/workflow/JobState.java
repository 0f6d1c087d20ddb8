package org.atrium.workflow;

/** Where a job is in its life. */
public enum JobState {
    /** Waiting for its algorithm and for resources. */
    QUEUED,
    RUNNING,
    /** Ran and its results are stored. */
    SUCCEEDED,
    /** Threw, timed out, ran out of memory or wrote something invalid; nothing was stored. */
    FAILED,
    /** Cancelled by a user (or by uninstalling its extension); nothing was stored. */
    CANCELLED;

    /** Whether the job is over (it may still be retried when it failed or was cancelled). */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
