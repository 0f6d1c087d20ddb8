package org.atrium.workflow.internal.shell;

import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atrium.workflow.Job;
import org.atrium.workflow.JobFilter;
import org.atrium.workflow.JobState;
import org.atrium.workflow.WorkflowService;

@Command(scope = "atrium", name = "jobs", description = "Lists workflow jobs, newest first.")
@Service
public class JobsCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Option(name = "-s", aliases = "--state", description = "queued, running, succeeded, failed or cancelled")
    String state;

    @Option(name = "-w", aliases = "--workflow", description = "Only jobs of this workflow")
    Long workflow;

    @Option(name = "-n", aliases = "--limit", description = "At most this many")
    int limit = 50;

    @Override
    public Object execute() throws Exception {
        JobState filter = state == null ? null : JobState.valueOf(state.toUpperCase(Locale.ROOT));
        ShellTable table = new ShellTable();
        table.column("Job");
        table.column("Workflow");
        table.column("Algorithm");
        table.column("State");
        table.column("Attempt");
        table.column("Progress");
        table.column("Message / reason").maxSize(80);
        for (Job job : workflows.jobs(new JobFilter(filter, workflow, limit))) {
            table.addRow()
                    .addContent(
                            job.id(),
                            job.workflowId(),
                            job.algorithmId() + " " + job.algorithmVersion(),
                            job.state(),
                            job.attempt(),
                            Math.round(job.progress() * 100) + "%",
                            job.reason() != null ? job.reason() : job.message());
        }
        table.print(System.out);
        return null;
    }
}
