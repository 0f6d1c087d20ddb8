package org.atrium.search.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.store.IngestContext;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;
import org.atrium.store.StoreResult;
import org.atrium.store.StoreStatistics;
import org.atrium.store.VerifyReport;
import org.atrium.store.internal.StoreComponent;
import org.atrium.store.internal.StoreConfig;

/**
 * The real research store (files, embedded H2 index) in a temporary folder, with a helper that
 * writes and stores small objects: the indexer reads exactly what it reads in the platform.
 */
final class TestStore implements ResearchStore, AutoCloseable {

    private final StoreComponent store;
    private final DicomFiles dicom;
    private final Path folder;
    private int counter;

    TestStore(DicomFiles dicom, Path folder) throws Exception {
        this.dicom = dicom;
        this.folder = Files.createDirectories(folder.resolve("outgoing"));
        Path root = folder.resolve("store");
        StoreConfig config = (StoreConfig) Proxy.newProxyInstance(
                StoreConfig.class.getClassLoader(), new Class<?>[] {StoreConfig.class}, (proxy, method, args) -> {
                    return switch (method.getName()) {
                        case "directory" -> root.toString();
                        case "fsync" -> false;
                        case "minFreeMb" -> 0L;
                        case "annotationType" -> StoreConfig.class;
                        case "hashCode" -> 0;
                        case "equals" -> proxy == args[0];
                        case "toString" -> "StoreConfig[test]";
                        default -> method.getDefaultValue();
                    };
                });
        this.store = new StoreComponent(dicom, config);
    }

    /** Writes one instance and stores it; returns its study UID. */
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
            throws IOException, StoreException {
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
        store.store(file, new IngestContext("test", "ATRIUM", label == null ? Set.of() : Set.of(label)));
        return studyUid;
    }

    /** Deletes a series, files and rows. */
    int delete(String seriesUid) throws StoreException {
        return store.delete(Level.SERIES, seriesUid);
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public Path incomingDir() {
        return store.incomingDir();
    }

    @Override
    public StoreResult store(Path part10File, IngestContext context) throws StoreException {
        return store.store(part10File, context);
    }

    @Override
    public Optional<InstanceRecord> instance(String sopInstanceUid) {
        return store.instance(sopInstanceUid);
    }

    @Override
    public List<InstanceRecord> instances(Level level, String uid) {
        return store.instances(level, uid);
    }

    @Override
    public List<String> labels(String seriesInstanceUid) {
        return store.labels(seriesInstanceUid);
    }

    @Override
    public List<InstanceRecord> receivedSince(java.time.Instant since, String afterUid, int limit)
            throws StoreException {
        return store.receivedSince(since, afterUid, limit);
    }

    @Override
    public InputStream open(InstanceRecord instance) throws IOException {
        return store.open(instance);
    }

    @Override
    public Path file(InstanceRecord instance) {
        return store.file(instance);
    }

    @Override
    public List<Match> find(StoreQuery query) throws StoreException {
        return store.find(query);
    }

    @Override
    public List<Match> page(Level level, String afterUid, int limit) throws StoreException {
        return store.page(level, afterUid, limit);
    }

    @Override
    public int delete(Level level, String uid) throws StoreException {
        return store.delete(level, uid);
    }

    @Override
    public StoreStatistics statistics() throws StoreException {
        return store.statistics();
    }

    @Override
    public VerifyReport verify() throws StoreException {
        return store.verify();
    }
}
