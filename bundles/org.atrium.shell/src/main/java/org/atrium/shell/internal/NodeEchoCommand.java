package org.atrium.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.dicom.net.DicomNodes;

@Command(
        scope = "atrium",
        name = "node-echo",
        description = "C-ECHO to a configured node: the round-trip time, or exactly what failed.")
@Service
public class NodeEchoCommand implements Action {

    @Reference
    DicomNodes nodes;

    @Argument(index = 0, name = "name", description = "Configured node name or AE title", required = true)
    String name;

    @Override
    public Object execute() throws Exception {
        DicomNodes.EchoResult result = nodes.echo(name);
        if (result.success()) {
            System.out.printf("%s: C-ECHO success in %d ms%n", name, result.millis());
        } else {
            System.out.printf("%s: %s: %s%n", name, result.failure(), result.message());
        }
        return null;
    }
}
