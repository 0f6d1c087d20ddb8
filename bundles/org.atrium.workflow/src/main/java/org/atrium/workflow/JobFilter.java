package org.atrium.workflow;

/**
 * Which jobs to list, newest first.
 *
 * @param state only jobs in this state; {@code null} for any
 * @param workflowId only jobs of this workflow; {@code null} for any
 * @param limit at most this many; 0 for {@link #DEFAULT_LIMIT}
 */
public record JobFilter(JobState state, Long workflowId, int limit) {

    public static final int DEFAULT_LIMIT = 1000;

    public static final JobFilter ALL = new JobFilter(null, null, 0);

    public JobFilter {
        limit = limit <= 0 ? DEFAULT_LIMIT : limit;
    }
}
