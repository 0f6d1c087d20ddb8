package org.atrium.pacs;

import java.util.List;
import java.util.Objects;

/**
 * What to import: studies by Study Instance UID and/or by Accession Number.
 *
 * @param node configured node name (or AE title) to retrieve from
 * @param method C-MOVE or C-GET
 * @param studyInstanceUids studies by UID
 * @param accessionNumbers studies by accession number (each may match several studies)
 * @param owner who asked for it
 */
public record ImportRequest(
        String node, ImportMethod method, List<String> studyInstanceUids, List<String> accessionNumbers, String owner) {

    public ImportRequest {
        Objects.requireNonNull(node, "node");
        method = method == null ? ImportMethod.MOVE : method;
        studyInstanceUids = studyInstanceUids == null ? List.of() : List.copyOf(studyInstanceUids);
        accessionNumbers = accessionNumbers == null ? List.of() : List.copyOf(accessionNumbers);
        owner = owner == null ? "" : owner;
    }
}
