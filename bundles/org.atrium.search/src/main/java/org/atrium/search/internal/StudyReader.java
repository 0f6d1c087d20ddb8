package org.atrium.search.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.UID;
import org.atrium.search.internal.DocumentMapper.SeriesInput;
import org.atrium.store.InstanceRecord;
import org.atrium.store.ResearchStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads what the documents of a study need from the store: instance rows, labels and a few headers. */
final class StudyReader {

    private static final Logger LOG = LoggerFactory.getLogger(StudyReader.class);
    /** Headers read from a result series (SEG, SR...) to find the series it refers to. */
    static final int RESULT_HEADERS = 20;
    /** Unreadable files skipped before a series is indexed from its rows alone. */
    static final int ATTEMPTS = 3;

    private static final Set<String> RESULT_CLASSES = Set.of(UID.SegmentationStorage, UID.EncapsulatedPDFStorage);

    private final ResearchStore store;
    private final DicomFiles dicom;

    StudyReader(ResearchStore store, DicomFiles dicom) {
        this.store = store;
        this.dicom = dicom;
    }

    /** The series of a study; empty when the store has no instance of it. */
    List<SeriesInput> read(String studyUid) {
        Map<String, List<InstanceRecord>> bySeries = new LinkedHashMap<>();
        for (InstanceRecord instance : store.instances(ResearchStore.Level.STUDY, studyUid)) {
            bySeries.computeIfAbsent(instance.seriesInstanceUid(), k -> new ArrayList<>())
                    .add(instance);
        }
        List<SeriesInput> series = new ArrayList<>();
        for (Map.Entry<String, List<InstanceRecord>> entry : bySeries.entrySet()) {
            List<InstanceRecord> instances = entry.getValue();
            instances.sort(Comparator.comparing(
                            (InstanceRecord i) -> i.instanceNumber() == null ? Integer.MAX_VALUE : i.instanceNumber())
                    .thenComparing(InstanceRecord::sopInstanceUid));
            Set<String> sopClasses = new TreeSet<>();
            Instant last = null;
            for (InstanceRecord instance : instances) {
                sopClasses.add(instance.sopClassUid());
                if (last == null
                        || (instance.receivedAt() != null
                                && instance.receivedAt().isAfter(last))) {
                    last = instance.receivedAt();
                }
            }
            boolean result = sopClasses.stream()
                    .anyMatch(c -> RESULT_CLASSES.contains(c) || c.startsWith("1.2.840.10008.5.1.4.1.1.88."));
            List<Attributes> headers = headers(instances, result ? RESULT_HEADERS : 1);
            if (headers.isEmpty()) {
                // No readable file: index what the rows say, so that the series is at least found.
                Attributes rows = dicom.newAttributes();
                rows.setString(DocumentMapper.SeriesInstanceUID, entry.getKey());
                headers = List.of(rows);
            }
            InstanceRecord first = instances.get(0);
            series.add(new SeriesInput(
                    entry.getKey(),
                    first.studyInstanceUid(),
                    first.patientKey(),
                    headers,
                    instances.size(),
                    sopClasses,
                    store.labels(entry.getKey()),
                    last));
        }
        return series;
    }

    private List<Attributes> headers(List<InstanceRecord> instances, int wanted) {
        List<Attributes> headers = new ArrayList<>();
        int failures = 0;
        for (InstanceRecord instance : instances) {
            if (headers.size() >= wanted || failures >= ATTEMPTS) {
                break;
            }
            try {
                headers.add(dicom.readHeader(store.file(instance)));
            } catch (IOException | RuntimeException e) {
                failures++;
                LOG.warn(
                        "Cannot read the header of {} for the search index: {}",
                        instance.sopInstanceUid(),
                        e.toString());
            }
        }
        return headers;
    }
}
