package org.atrium.pacs.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.pacs.Forwarding;

@Command(
        scope = "atrium",
        name = "forward",
        description = "Queues a dataset (by id) or a series (by UID) for C-STORE to a node.")
@Service
public class ForwardCommand implements Action {

    @Reference
    Forwarding forwarding;

    @Argument(index = 0, name = "node", description = "Destination node", required = true)
    String node;

    @Argument(index = 1, name = "what", description = "Dataset id, or Series Instance UID", required = true)
    String what;

    @Override
    public Object execute() throws Exception {
        int queued = what.matches("\\d+")
                ? forwarding.enqueueDataset(node, Long.parseLong(what), "console")
                : forwarding.enqueueSeries(node, what, "console");
        System.out.printf("%d objects queued for %s%n", queued, node);
        return null;
    }
}
