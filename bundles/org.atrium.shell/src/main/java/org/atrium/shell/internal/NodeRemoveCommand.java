package org.atrium.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.dicom.net.DicomNodes;

@Command(scope = "atrium", name = "node-remove", description = "Removes a remote DICOM node and its etc file.")
@Service
public class NodeRemoveCommand implements Action {

    @Reference
    DicomNodes nodes;

    @Argument(index = 0, name = "name", description = "Name of the node", required = true)
    String name;

    @Override
    public Object execute() throws Exception {
        if (nodes.remove(name)) {
            System.out.println("Node " + name + " removed");
        } else {
            System.out.println("No node " + name);
        }
        return null;
    }
}
