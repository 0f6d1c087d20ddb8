package org.atrium.shell.internal;

import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.net.DicomNodes;

@Command(
        scope = "atrium",
        name = "echo",
        description = "Verifies a DICOM node with C-ECHO and prints the round-trip time.")
@Service
public class EchoCommand implements Action {

    @Reference
    DicomClient client;

    @Reference
    DicomNodes nodes;

    @Argument(
            index = 0,
            name = "node",
            description = "Configured node name or AE title, or AET@host:port",
            required = true)
    String node;

    @Override
    public Object execute() throws Exception {
        DicomNode target = NodeArgument.resolve(nodes, node);
        Duration rtt = client.cecho(nodes.localAeTitle(), target);
        System.out.printf("C-ECHO %s: success in %d ms%n", target, rtt.toMillis());
        return null;
    }
}
