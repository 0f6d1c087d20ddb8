package org.atrium.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atrium.dicom.net.DicomListeners;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;

@Command(
        scope = "atrium",
        name = "node-list",
        description = "Lists the local DICOM listeners and the configured remote nodes.")
@Service
public class NodeListCommand implements Action {

    @Reference
    DicomNodes nodes;

    @Reference
    DicomListeners listeners;

    @Override
    public Object execute() throws Exception {
        ShellTable local = new ShellTable();
        local.column("Listener AE");
        local.column("Address");
        local.column("Port");
        local.column("Associations");
        local.column("Query/Retrieve");
        for (DicomListeners.ListenerInfo info : listeners.list()) {
            local.addRow()
                    .addContent(
                            info.aeTitle(),
                            info.bindAddress(),
                            info.port(),
                            info.activeAssociations(),
                            info.queryRetrieve());
        }
        local.print(System.out);
        ShellTable remote = new ShellTable();
        remote.column("Node");
        remote.column("AE title");
        remote.column("Host");
        remote.column("Port");
        remote.column("Purposes");
        remote.column("TLS");
        for (RemoteNode node : nodes.list()) {
            remote.addRow()
                    .addContent(
                            node.node().name(),
                            node.node().aeTitle(),
                            node.node().host(),
                            node.node().port(),
                            node.purposes(),
                            node.node().tls() == null ? "" : "TLS");
        }
        remote.print(System.out);
        return null;
    }
}
