package org.atrium.dicom.objects;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.image.Code;

/** Modules every result object has: Patient, General Study, series, equipment, SOP Common. */
final class Modules {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss.SSS");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSS");

    private static final int[] PATIENT_AND_STUDY_TYPE_2 = {
        Tags.PatientName,
        Tags.PatientID,
        Tags.PatientBirthDate,
        Tags.PatientSex,
        Tags.StudyDate,
        Tags.StudyTime,
        Tags.ReferringPhysicianName,
        Tags.StudyID,
        Tags.AccessionNumber
    };
    private static final int[] PATIENT_AND_STUDY_OPTIONAL = {
        Tags.SpecificCharacterSet, Tags.IssuerOfPatientID, Tags.StudyDescription
    };

    private Modules() {}

    /** Patient and General Study from a source object of the same study; type 2 left empty when unknown. */
    static void patientAndStudy(Attributes source, Attributes target) {
        String study = source.getString(Tags.StudyInstanceUID);
        if (study == null) {
            throw new IllegalArgumentException("the source has no Study Instance UID");
        }
        for (int tag : PATIENT_AND_STUDY_OPTIONAL) {
            copyIfPresent(source, target, tag);
        }
        for (int tag : PATIENT_AND_STUDY_TYPE_2) {
            String[] values = source.getStrings(tag);
            target.setString(tag, values);
        }
        target.setString(Tags.StudyInstanceUID, study);
    }

    static void copyIfPresent(Attributes source, Attributes target, int tag) {
        String[] values = source.getStrings(tag);
        if (values.length > 0) {
            target.setString(tag, values);
        }
    }

    static void series(
            Attributes target,
            String modality,
            String seriesInstanceUid,
            int seriesNumber,
            String description,
            LocalDateTime when) {
        target.setString(Tags.Modality, modality);
        target.setString(Tags.SeriesInstanceUID, seriesInstanceUid);
        target.setInt(Tags.SeriesNumber, seriesNumber);
        if (description != null && !description.isBlank()) {
            target.setString(Tags.SeriesDescription, truncate(description, 64));
        }
        target.setString(Tags.SeriesDate, DATE.format(when));
        target.setString(Tags.SeriesTime, TIME.format(when));
    }

    static void sopCommon(Attributes target, String sopClassUid, String sopInstanceUid, LocalDateTime when) {
        target.setString(Tags.SOPClassUID, sopClassUid);
        target.setString(Tags.SOPInstanceUID, sopInstanceUid);
        target.setString(Tags.InstanceCreationDate, DATE.format(when));
        target.setString(Tags.InstanceCreationTime, TIME.format(when));
        target.setString(Tags.ContentDate, DATE.format(when));
        target.setString(Tags.ContentTime, TIME.format(when));
    }

    /** General Equipment (Manufacturer and model) and the Contributing Equipment Sequence item. */
    static void equipment(Attributes target, Contributor contributor, LocalDateTime when) {
        target.setString(Tags.Manufacturer, truncate(contributor.manufacturer(), 64));
        target.setString(Tags.ManufacturerModelName, truncate(contributor.algorithmId(), 64));
        target.setString(Tags.SoftwareVersions, truncate(contributor.algorithmVersion(), 64));
        Attributes item = target.addSequenceItem(Tags.ContributingEquipmentSequence);
        code(item.addSequenceItem(Tags.PurposeOfReferenceCodeSequence), PROCESSING_EQUIPMENT);
        item.setString(Tags.Manufacturer, truncate(contributor.manufacturer(), 64));
        item.setString(Tags.ManufacturerModelName, truncate(contributor.algorithmId(), 64));
        item.setString(Tags.SoftwareVersions, truncate(contributor.algorithmVersion(), 64));
        item.setString(Tags.ContributionDateTime, DATE_TIME.format(when));
        item.setString(Tags.ContributionDescription, truncate(contributor.contributionDescription(), 1024));
    }

    static final Code PROCESSING_EQUIPMENT = new Code("109102", "DCM", "Processing Equipment");

    /** Code Sequence Macro: value, scheme, meaning. */
    static Attributes code(Attributes item, Code code) {
        if (code.value() == null || code.scheme() == null || code.meaning() == null) {
            throw new IllegalArgumentException("a code needs value, scheme and meaning: " + code);
        }
        item.setString(Tags.CodeValue, code.value());
        item.setString(Tags.CodingSchemeDesignator, code.scheme());
        item.setString(Tags.CodeMeaning, truncate(code.meaning(), 64));
        return item;
    }

    static void addCode(Attributes target, int sequenceTag, Code code) {
        code(target.addSequenceItem(sequenceTag), code);
    }

    static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    static String require(Attributes source, int tag, String what) {
        String value = source.getString(tag);
        if (value == null) {
            throw new IllegalArgumentException(
                    "the source " + source.getString(Tags.SOPInstanceUID) + " has no " + what);
        }
        return value;
    }
}
