package org.atrium.workflow;

import java.util.List;
import java.util.Optional;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.ToolDescriptor;
import org.osgi.annotation.versioning.ProviderType;

/** Starts workflows and follows, cancels and retries their jobs. */
@ProviderType
public interface WorkflowService {

    /**
     * Validates the parameters against the algorithm's schema, cuts the input into jobs (series
     * the algorithm does not accept are skipped with a note) and queues them. Nothing is created
     * when the request is refused.
     */
    Workflow start(WorkflowRequest request) throws WorkflowException;

    /** Newest first. */
    List<Workflow> workflows() throws WorkflowException;

    Optional<Workflow> workflow(long id) throws WorkflowException;

    List<Job> jobs(JobFilter filter) throws WorkflowException;

    Optional<Job> job(long id) throws WorkflowException;

    /** The job's log, oldest line first. */
    List<LogLine> log(long jobId) throws WorkflowException;

    /** Cancels a queued or running job; a running one is interrupted and sees {@code cancelled()}. */
    Job cancel(long jobId, String reason) throws WorkflowException;

    /** Queues a failed or cancelled job again, with the same algorithm version and parameters. */
    Job retry(long jobId) throws WorkflowException;

    /**
     * Starts a new workflow with the recorded algorithm version and parameters over the same
     * series; refused when that version is no longer installed.
     */
    Workflow rerun(long workflowId, String owner) throws WorkflowException;

    /** Installed algorithms, by id then version. */
    List<AlgorithmDescriptor> algorithms();

    /** Installed tools, by id then version. */
    List<ToolDescriptor> tools();
}
