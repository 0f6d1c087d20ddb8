package org.atrium.shell.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;

@Command(
        scope = "atrium",
        name = "node-add",
        description = "Adds or replaces a remote DICOM node (kept as etc/org.atrium.dicom.node-<name>.cfg).")
@Service
public class NodeAddCommand implements Action {

    @Reference
    DicomNodes nodes;

    @Argument(index = 0, name = "name", description = "Name of the node", required = true)
    String name;

    @Argument(index = 1, name = "aet", description = "Its AE title", required = true)
    String aeTitle;

    @Argument(index = 2, name = "host", description = "Host name or address", required = true)
    String host;

    @Argument(index = 3, name = "port", description = "DICOM port", required = true)
    int port;

    @Option(
            name = "-p",
            aliases = "--purposes",
            description = "QUERY_RETRIEVE, STORE, MOVE_DESTINATION, comma separated (default QUERY_RETRIEVE,STORE)")
    String purposes = "QUERY_RETRIEVE,STORE";

    // Karaf reads options only before the first argument: take "-p X" (or "X") after the port too.
    @Argument(index = 4, name = "purposes", description = "[-p] purposes, as the option", multiValued = true)
    java.util.List<String> trailing;

    @Override
    public Object execute() throws Exception {
        if (trailing != null && !trailing.isEmpty()) {
            java.util.List<String> values = new java.util.ArrayList<>(trailing);
            if (values.get(0).equals("-p") || values.get(0).equals("--purposes")) {
                values.remove(0);
            }
            purposes = String.join(",", values);
        }
        nodes.add(name, aeTitle, host, port, purposes(purposes));
        System.out.printf("Node %s (%s@%s:%d) saved, purposes %s%n", name, aeTitle, host, port, purposes(purposes));
        return null;
    }

    static Set<RemoteNode.Purpose> purposes(String text) {
        Set<RemoteNode.Purpose> result = EnumSet.noneOf(RemoteNode.Purpose.class);
        for (String part : text.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                result.add(RemoteNode.Purpose.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown purpose '" + part + "': QUERY_RETRIEVE, STORE or MOVE_DESTINATION");
            }
        }
        return result;
    }
}
