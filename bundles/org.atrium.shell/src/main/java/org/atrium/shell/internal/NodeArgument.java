package org.atrium.shell.internal;

import org.atrium.dicom.DicomNode;
import org.atrium.dicom.net.DicomNodes;

/** A node named at the console: a configured node's name or AE title, or {@code AET@host:port}. */
final class NodeArgument {

    private NodeArgument() {}

    static DicomNode resolve(DicomNodes nodes, String argument) {
        var configured = nodes.find(argument);
        if (configured.isPresent()) {
            return configured.get().node();
        }
        int at = argument.indexOf('@');
        int colon = argument.lastIndexOf(':');
        if (at > 0 && colon > at) {
            try {
                return new DicomNode(
                        argument.substring(0, at),
                        argument.substring(at + 1, colon),
                        Integer.parseInt(argument.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port number in '" + argument + "'");
            }
        }
        throw new IllegalArgumentException(
                "unknown node '" + argument + "': give a configured node (atrium:node-list)" + " or AET@host:port");
    }
}
