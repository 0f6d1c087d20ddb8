package org.atrium.workflow.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.workflow.ToolLaunch;
import org.atrium.workflow.ToolService;
import org.atrium.workflow.WorkflowException;

@Command(scope = "atrium", name = "tool-close", description = "Stops following a tool launch.")
@Service
public class ToolCloseCommand implements Action {

    @Reference
    ToolService tools;

    @Argument(index = 0, name = "launch", description = "Launch id (atrium:tools)", required = true)
    long launch;

    @Override
    public Object execute() throws Exception {
        try {
            ToolLaunch closed = tools.close(launch);
            System.out.println(
                    "Launch " + closed.id() + " closed; " + closed.imported().size() + " object(s) imported");
        } catch (WorkflowException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
