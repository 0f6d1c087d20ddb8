package org.atrium.workflow.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.workflow.Job;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowService;

@Command(scope = "atrium", name = "job-cancel", description = "Cancels a queued or running job.")
@Service
public class JobCancelCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Argument(index = 0, name = "job", description = "Job id", required = true)
    long job;

    @Override
    public Object execute() throws Exception {
        try {
            Job cancelled = workflows.cancel(job, "cancelled from the console");
            System.out.println("Job " + cancelled.id() + " " + cancelled.state());
        } catch (WorkflowException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
