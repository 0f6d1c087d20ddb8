package org.atrium.workflow.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.workflow.Job;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowService;

@Command(scope = "atrium", name = "job-retry", description = "Queues a failed or cancelled job again.")
@Service
public class JobRetryCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Argument(index = 0, name = "job", description = "Job id", required = true)
    long job;

    @Override
    public Object execute() throws Exception {
        try {
            Job retried = workflows.retry(job);
            System.out.println("Job " + retried.id() + " " + retried.state() + ", attempt " + retried.attempt());
        } catch (WorkflowException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
