package org.atrium.pacs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.QueryLevel;
import org.osgi.annotation.versioning.ProviderType;

/** C-FIND on a configured remote node. */
@ProviderType
public interface PacsQuery {

    /**
     * Matches at {@code level} (PATIENT in the Patient Root model, the others in Study Root).
     * {@code keys} are DICOM keywords with values in DICOM matching syntax ({@code DOE*},
     * {@code 20200101-20201231}, {@code CT\MR}); empty values are return keys. The usual return
     * keys of the level are always asked for. Each match maps keywords to values (several values
     * joined by {@code \}).
     *
     * @throws IllegalArgumentException for an unknown node or keyword
     * @throws IOException when the node cannot be reached or rejects the association
     * @throws DicomException when the node answers a failure status
     */
    List<Map<String, String>> find(String node, QueryLevel level, Map<String, String> keys)
            throws IOException, DicomException;
}
