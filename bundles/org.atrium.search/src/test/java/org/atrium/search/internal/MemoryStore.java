package org.atrium.search.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.store.IngestContext;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreQuery;
import org.atrium.store.StoreResult;
import org.atrium.store.StoreStatistics;
import org.atrium.store.VerifyReport;

/** A research store in memory over real Part 10 files: the indexer's view of the store, no database. */
final class MemoryStore implements ResearchStore {

    private final Map<String, InstanceRecord> instances = new ConcurrentHashMap<>();
    private final Map<String, List<String>> labels = new ConcurrentHashMap<>();
    private final DicomFiles dicom;
    private final Path folder;
    private int counter;

    MemoryStore(DicomFiles dicom, Path folder) {
        this.dicom = dicom;
        this.folder = folder;
    }

    /** Writes and "stores" one instance; returns its study UID. */
    synchronized String add(
            String patientId,
            String patientName,
            String studyUid,
            String studyDate,
            String seriesUid,
            String modality,
            String bodyPart,
            String sliceThickness,
            String label)
            throws IOException {
        String sop = "2.25." + System.nanoTime() + (++counter);
        Attributes a = dicom.newAttributes();
        a.setString(
                Tag.SOPClassUID, modality.equals("SEG") ? UID.SegmentationStorage : UID.SecondaryCaptureImageStorage);
        a.setString(Tag.SOPInstanceUID, sop);
        a.setString(Tag.PatientID, patientId);
        a.setString(Tag.PatientName, patientName);
        a.setString(Tag.StudyInstanceUID, studyUid);
        a.setString(Tag.StudyDate, studyDate);
        a.setString(Tag.SeriesInstanceUID, seriesUid);
        a.setString(Tag.Modality, modality);
        a.setString(Tag.BodyPartExamined, bodyPart);
        if (sliceThickness != null) {
            a.setString(Tag.SliceThickness, sliceThickness);
        }
        a.setString(Tag.InstanceNumber, Integer.toString(counter));
        Path file = folder.resolve(sop + ".dcm");
        dicom.write(a, UID.ExplicitVRLittleEndian, file);
        instances.put(
                sop,
                new InstanceRecord(
                        sop,
                        a.getString(Tag.SOPClassUID),
                        seriesUid,
                        studyUid,
                        patientId,
                        counter,
                        UID.ExplicitVRLittleEndian,
                        file.getFileName().toString(),
                        Files.size(file),
                        Instant.now(),
                        "test"));
        if (label != null) {
            labels.computeIfAbsent(seriesUid, k -> new ArrayList<>()).add(label);
        }
        return studyUid;
    }

    @Override
    public List<InstanceRecord> instances(Level level, String uid) {
        List<InstanceRecord> found = new ArrayList<>();
        for (InstanceRecord i : instances.values()) {
            String key =
                    switch (level) {
                        case PATIENT -> i.patientKey();
                        case STUDY -> i.studyInstanceUid();
                        case SERIES -> i.seriesInstanceUid();
                        case INSTANCE -> i.sopInstanceUid();
                    };
            if (key.equals(uid)) {
                found.add(i);
            }
        }
        return found;
    }

    @Override
    public List<String> labels(String seriesInstanceUid) {
        return List.copyOf(new TreeSet<>(labels.getOrDefault(seriesInstanceUid, List.of())));
    }

    @Override
    public Path file(InstanceRecord instance) {
        return folder.resolve(instance.relativePath());
    }

    @Override
    public List<Match> find(StoreQuery query) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (InstanceRecord i : instances.values()) {
            if (query.level() == Level.STUDY) {
                rows.computeIfAbsent(i.studyInstanceUid(), k -> new LinkedHashMap<>(Map.of("StudyInstanceUID", k)));
            } else {
                Map<String, String> row = rows.computeIfAbsent(
                        i.seriesInstanceUid(),
                        k -> new LinkedHashMap<>(
                                Map.of("SeriesInstanceUID", k, "NumberOfSeriesRelatedInstances", "0")));
                row.merge("NumberOfSeriesRelatedInstances", "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
            }
        }
        return rows.values().stream().map(Match::new).toList();
    }

    @Override
    public List<Match> page(Level level, String afterUid, int limit) {
        String key = level == Level.STUDY ? "StudyInstanceUID" : "SeriesInstanceUID";
        return find(new StoreQuery(level, Map.of())).stream()
                .filter(m -> afterUid == null || m.get(key).compareTo(afterUid) > 0)
                .sorted(java.util.Comparator.comparing((Match m) -> m.get(key)))
                .limit(limit)
                .toList();
    }

    int delete(String seriesUid) {
        List<InstanceRecord> doomed = instances(Level.SERIES, seriesUid);
        doomed.forEach(i -> instances.remove(i.sopInstanceUid()));
        return doomed.size();
    }

    @Override
    public Path incomingDir() {
        return folder;
    }

    @Override
    public StoreResult store(Path part10File, IngestContext context) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<InstanceRecord> instance(String sopInstanceUid) {
        return Optional.ofNullable(instances.get(sopInstanceUid));
    }

    @Override
    public InputStream open(InstanceRecord instance) throws IOException {
        return Files.newInputStream(file(instance));
    }

    @Override
    public int delete(Level level, String uid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StoreStatistics statistics() {
        return new StoreStatistics(0, 0, 0, instances.size(), 0, -1, "memory");
    }

    @Override
    public VerifyReport verify() {
        return new VerifyReport(0, 0, List.of(), List.of(), List.of());
    }
}
