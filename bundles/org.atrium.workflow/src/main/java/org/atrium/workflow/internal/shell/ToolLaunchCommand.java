package org.atrium.workflow.internal.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.workflow.ToolLaunch;
import org.atrium.workflow.ToolService;
import org.atrium.workflow.WorkflowException;

@Command(scope = "atrium", name = "tool-launch", description = "Launches a tool on series of the store.")
@Service
public class ToolLaunchCommand implements Action {

    @Reference
    ToolService tools;

    @Argument(index = 0, name = "tool", description = "Tool id (atrium:tools)", required = true)
    String tool;

    @Argument(index = 1, name = "series", description = "Series Instance UIDs", required = true, multiValued = true)
    List<String> series;

    @Override
    public Object execute() throws Exception {
        try {
            ToolLaunch launch = tools.launch(tool, series, "console");
            System.out.println("Launch " + launch.id() + ": " + launch.status());
        } catch (WorkflowException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
