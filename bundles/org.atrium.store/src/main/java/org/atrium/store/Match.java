package org.atrium.store;

import java.util.Map;

/**
 * One entity found by {@link ResearchStore#find}: attribute values keyed by DICOM keyword
 * (e.g. {@code PatientName}, {@code StudyDate}, {@code NumberOfStudyRelatedInstances}).
 * Absent values are not in the map.
 */
public record Match(Map<String, String> values) {

    public Match {
        values = Map.copyOf(values);
    }

    public String get(String keyword) {
        return values.get(keyword);
    }
}
