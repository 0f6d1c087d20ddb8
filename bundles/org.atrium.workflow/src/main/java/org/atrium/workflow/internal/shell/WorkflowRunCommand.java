package org.atrium.workflow.internal.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.web.JsonReader;
import org.atrium.workflow.Workflow;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowRequest;
import org.atrium.workflow.WorkflowService;

@Command(
        scope = "atrium",
        name = "workflow-run",
        description = "Runs an algorithm over a dataset (its id) or series (their UIDs), e.g."
                + " atrium:workflow-run org.atrium.noop 3 -p mode=output")
@Service
public class WorkflowRunCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Argument(index = 0, name = "algorithm", description = "Algorithm id", required = true)
    String algorithm;

    @Argument(
            index = 1,
            name = "input",
            description = "A dataset id, or Series Instance UIDs",
            required = true,
            multiValued = true)
    List<String> input;

    @Option(name = "-p", aliases = "--parameter", description = "key=value (JSON values allowed)", multiValued = true)
    List<String> parameters;

    @Option(name = "-v", aliases = "--version", description = "Algorithm version (default: newest)")
    String version;

    @Option(name = "-t", aliases = "--timeout", description = "Timeout per job in minutes")
    double timeoutMinutes;

    @Override
    public Object execute() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        if (parameters != null) {
            for (String parameter : parameters) {
                int eq = parameter.indexOf('=');
                if (eq <= 0) {
                    System.out.println("A parameter is key=value: " + parameter);
                    return null;
                }
                values.put(parameter.substring(0, eq), value(parameter.substring(eq + 1)));
            }
        }
        Long dataset = input.size() == 1 && input.get(0).matches("\\d{1,18}") ? Long.valueOf(input.get(0)) : null;
        try {
            Workflow workflow = workflows.start(new WorkflowRequest(
                    algorithm,
                    version,
                    values,
                    dataset,
                    dataset == null ? new ArrayList<>(input) : List.of(),
                    timeoutMinutes > 0 ? Duration.ofMillis((long) (timeoutMinutes * 60_000)) : null,
                    "console"));
            System.out.println("Workflow " + workflow.id() + ": " + workflow.algorithmId() + " "
                    + workflow.algorithmVersion() + " on " + workflow.input() + ", jobs " + workflow.jobs());
            workflow.notes().forEach(note -> System.out.println("  " + note));
        } catch (WorkflowException e) {
            System.out.println("Refused: " + e.getMessage());
        }
        return null;
    }

    /** A JSON value when the text is one (numbers, true, "quoted"), else the text itself. */
    static Object value(String text) {
        try {
            return JsonReader.read(text);
        } catch (IllegalArgumentException notJson) {
            return text;
        }
    }
}
