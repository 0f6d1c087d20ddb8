package org.atrium.dicom.net;

import java.util.Set;
import org.atrium.dicom.DicomNode;

/**
 * A remote DICOM node the site has configured, and what it may be used for.
 *
 * @param node where it is
 * @param purposes what it is for
 */
public record RemoteNode(DicomNode node, Set<Purpose> purposes) {

    public enum Purpose {
        /** Queried and retrieved from (a PACS). */
        QUERY_RETRIEVE,
        /** Receives objects we send (results, forwarding). */
        STORE,
        /** Allowed as a C-MOVE destination of our Query/Retrieve SCP (a workstation). */
        MOVE_DESTINATION
    }

    public RemoteNode {
        purposes = Set.copyOf(purposes);
    }
}
