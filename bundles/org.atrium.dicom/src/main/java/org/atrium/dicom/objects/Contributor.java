package org.atrium.dicom.objects;

import java.util.Objects;

/**
 * The software that made a result, written into each object as provenance: a Contributing
 * Equipment Sequence item (Manufacturer, Manufacturer's Model Name = algorithm id, Software
 * Versions = algorithm version, Contribution Description = parameter hash and job id), the
 * Enhanced General Equipment of Segmentations, and the device observer context of reports.
 *
 * @param manufacturer who ships the algorithm
 * @param parameterHash SHA-256 (hex) of the canonical JSON of the parameters, or {@code null}
 * @param jobId the platform's job that ran it, or {@code null}
 */
public record Contributor(
        String manufacturer, String algorithmId, String algorithmVersion, String parameterHash, String jobId) {

    public Contributor {
        Objects.requireNonNull(algorithmId, "algorithmId");
        Objects.requireNonNull(algorithmVersion, "algorithmVersion");
        manufacturer = manufacturer == null || manufacturer.isBlank() ? "Atrium" : manufacturer;
    }

    /** What Contribution Description (0018,A003) holds, e.g. {@code parameters sha256:ab12…; job 42}. */
    public String contributionDescription() {
        StringBuilder text = new StringBuilder(algorithmId + " " + algorithmVersion);
        if (parameterHash != null && !parameterHash.isBlank()) {
            text.append("; parameters sha256:").append(parameterHash);
        }
        if (jobId != null && !jobId.isBlank()) {
            text.append("; job ").append(jobId);
        }
        return text.toString();
    }

    /** A UID that stands for this algorithm version: the same for every object it makes. */
    public String deviceUid() {
        return DicomUids.nameBased(manufacturer + "/" + algorithmId + "/" + algorithmVersion);
    }
}
