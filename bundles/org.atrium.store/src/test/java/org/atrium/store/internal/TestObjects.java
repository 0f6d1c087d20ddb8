package org.atrium.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;

/** Writes small but real Part 10 files (made with the PixelMed-backed implementation). */
final class TestObjects {

    private static final AtomicLong COUNTER = new AtomicLong(System.nanoTime() % 1_000_000);

    private final DicomFiles dicom;
    private final Path folder;

    TestObjects(DicomFiles dicom, Path folder) throws IOException {
        this.dicom = dicom;
        this.folder = Files.createDirectories(folder);
    }

    static String uid() {
        return "2.25." + Math.abs(System.nanoTime() % 1_000_000_000L) + COUNTER.incrementAndGet();
    }

    Path write(
            String patientId,
            String patientName,
            String studyUid,
            String studyDate,
            String seriesUid,
            String modality,
            int instanceNumber,
            String sopUid)
            throws IOException {
        Attributes a = dicom.newAttributes();
        a.setString(Tag.SOPClassUID, UID.SecondaryCaptureImageStorage);
        a.setString(Tag.SOPInstanceUID, sopUid);
        a.setString(Tag.PatientID, patientId);
        a.setString(Tag.PatientName, patientName);
        a.setString(Tag.StudyInstanceUID, studyUid);
        a.setString(Tag.StudyDate, studyDate);
        a.setString(Tag.AccessionNumber, "ACC" + studyUid.substring(studyUid.length() - 4));
        a.setString(Tag.SeriesInstanceUID, seriesUid);
        a.setString(Tag.Modality, modality);
        a.setString(Tag.SeriesNumber, "1");
        a.setString(Tag.InstanceNumber, Integer.toString(instanceNumber));
        Path file = folder.resolve(sopUid + ".dcm");
        dicom.write(a, UID.ExplicitVRLittleEndian, file);
        return file;
    }
}
