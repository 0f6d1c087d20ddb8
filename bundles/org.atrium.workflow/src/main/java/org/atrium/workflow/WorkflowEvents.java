package org.atrium.workflow;

/** EventAdmin topic and properties the workflow service posts. */
public final class WorkflowEvents {

    private WorkflowEvents() {}

    /** A job changed state or reported progress. */
    public static final String JOB_CHANGED = "org/atrium/workflow/JOB_CHANGED";

    public static final String JOB_ID = "jobId";
    public static final String WORKFLOW_ID = "workflowId";
    public static final String ALGORITHM_ID = "algorithmId";
    /** {@link JobState} name. */
    public static final String STATE = "state";

    public static final String PROGRESS = "progress";
}
