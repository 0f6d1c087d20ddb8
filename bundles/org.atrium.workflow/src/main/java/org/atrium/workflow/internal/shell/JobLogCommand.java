package org.atrium.workflow.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.workflow.LogLine;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowService;

@Command(scope = "atrium", name = "job-log", description = "Prints a job's log.")
@Service
public class JobLogCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Argument(index = 0, name = "job", description = "Job id", required = true)
    long job;

    @Override
    public Object execute() throws Exception {
        try {
            for (LogLine line : workflows.log(job)) {
                System.out.println(line.at() + "  " + line.line());
            }
        } catch (WorkflowException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
