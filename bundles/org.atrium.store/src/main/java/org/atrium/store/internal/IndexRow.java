package org.atrium.store.internal;

import java.util.Set;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.store.StoreException;

/** The values of one object that the index keeps, read from its header and checked. */
record IndexRow(
        String patientId,
        String issuer,
        String patientName,
        String birthDate,
        String sex,
        String studyUid,
        String studyDate,
        String studyTime,
        String accession,
        String studyId,
        String studyDescription,
        String referring,
        String seriesUid,
        String modality,
        Integer seriesNumber,
        String seriesDescription,
        String bodyPart,
        String sopUid,
        String sopClass,
        Integer instanceNumber,
        String transferSyntax,
        Set<String> labels) {

    /** The tags {@link #of} reads: all a header read for indexing needs. */
    static final int[] TAGS = {
        Tag.PatientID, Tag.IssuerOfPatientID, Tag.PatientName, Tag.PatientBirthDate, Tag.PatientSex,
        Tag.StudyInstanceUID, Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.StudyID,
        Tag.StudyDescription, Tag.ReferringPhysicianName, Tag.SeriesInstanceUID, Tag.Modality, Tag.SeriesNumber,
        Tag.SeriesDescription, Tag.BodyPartExamined, Tag.SOPInstanceUID, Tag.SOPClassUID, Tag.InstanceNumber,
        Tag.TransferSyntaxUID
    };

    static IndexRow of(Attributes header, Set<String> labels) throws StoreException {
        return new IndexRow(
                text(header, Tag.PatientID, 64, ""),
                text(header, Tag.IssuerOfPatientID, 64, null),
                text(header, Tag.PatientName, 324, null),
                text(header, Tag.PatientBirthDate, 8, null),
                text(header, Tag.PatientSex, 16, null),
                uid(header, Tag.StudyInstanceUID, "StudyInstanceUID"),
                text(header, Tag.StudyDate, 8, null),
                text(header, Tag.StudyTime, 16, null),
                text(header, Tag.AccessionNumber, 16, null),
                text(header, Tag.StudyID, 16, null),
                text(header, Tag.StudyDescription, 64, null),
                text(header, Tag.ReferringPhysicianName, 324, null),
                uid(header, Tag.SeriesInstanceUID, "SeriesInstanceUID"),
                text(header, Tag.Modality, 16, null),
                header.getInt(Tag.SeriesNumber),
                text(header, Tag.SeriesDescription, 64, null),
                text(header, Tag.BodyPartExamined, 64, null),
                uid(header, Tag.SOPInstanceUID, "SOPInstanceUID"),
                uid(header, Tag.SOPClassUID, "SOPClassUID"),
                header.getInt(Tag.InstanceNumber),
                text(header, Tag.TransferSyntaxUID, 64, null),
                labels);
    }

    /** Patients are told apart by Patient ID and its issuer. */
    String patientKey() {
        return issuer == null ? patientId : patientId + "^^" + issuer;
    }

    private static String uid(Attributes header, int tag, String keyword) throws StoreException {
        String value = header.getString(tag);
        if (value == null || value.isEmpty()) {
            throw new StoreException(StoreException.Reason.INVALID_OBJECT, keyword + " is missing");
        }
        if (value.length() > 64 || !value.matches("[0-9.]+")) {
            throw new StoreException(
                    StoreException.Reason.INVALID_OBJECT, keyword + " is not a valid UID: '" + value + "'");
        }
        return value;
    }

    private static String text(Attributes header, int tag, int max, String absent) {
        String value = header.getString(tag);
        if (value == null) {
            return absent;
        }
        return value.length() > max ? value.substring(0, max) : value;
    }
}
