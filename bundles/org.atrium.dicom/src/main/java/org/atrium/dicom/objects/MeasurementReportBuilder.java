package org.atrium.dicom.objects;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.Code;

/**
 * Builds a Comprehensive SR measurement report following TID 1500 (Measurement Report): language,
 * device observer context (the algorithm), procedure reported, and an Imaging Measurements
 * container with one measurement group (TID 1411) per segment: tracking identifier and UID, the
 * referenced segment (an IMAGE item with Referenced Segment Number), the source series, the
 * finding and the NUM measurements with their UCUM units. Current Requested Procedure Evidence
 * lists every object given to {@link #evidence}.
 *
 * <p>Not thread-safe.
 */
public final class MeasurementReportBuilder {

    public static final Code IMAGING_MEASUREMENT_REPORT = new Code("126000", "DCM", "Imaging Measurement Report");
    static final Code LANGUAGE = new Code("121049", "DCM", "Language of Content Item and Descendants");
    static final Code ENGLISH = new Code("en-US", "RFC5646", "English (United States)");
    static final Code OBSERVER_TYPE = new Code("121005", "DCM", "Observer Type");
    static final Code DEVICE = new Code("121007", "DCM", "Device");
    static final Code DEVICE_OBSERVER_UID = new Code("121012", "DCM", "Device Observer UID");
    static final Code DEVICE_OBSERVER_NAME = new Code("121013", "DCM", "Device Observer Name");
    static final Code DEVICE_OBSERVER_MANUFACTURER = new Code("121014", "DCM", "Device Observer Manufacturer");
    static final Code DEVICE_OBSERVER_MODEL_NAME = new Code("121015", "DCM", "Device Observer Model Name");
    static final Code PROCEDURE_REPORTED = new Code("121058", "DCM", "Procedure reported");
    static final Code IMAGING_MEASUREMENTS = new Code("126010", "DCM", "Imaging Measurements");
    static final Code MEASUREMENT_GROUP = new Code("125007", "DCM", "Measurement Group");
    static final Code TRACKING_IDENTIFIER = new Code("112039", "DCM", "Tracking Identifier");
    static final Code TRACKING_UID = new Code("112040", "DCM", "Tracking Unique Identifier");
    static final Code REFERENCED_SEGMENT = new Code("121191", "DCM", "Referenced Segment");
    static final Code SOURCE_SERIES = new Code("121232", "DCM", "Source series for segmentation");
    static final Code FINDING = new Code("121071", "DCM", "Finding");
    static final Code DERIVATION = new Code("121401", "DCM", "Derivation");
    /** The default procedure: a CT examination. */
    public static final Code CT_PROCEDURE = new Code("77477000", "SCT", "Computed Tomography");

    private final DicomFiles files;
    private final Attributes studySource;
    private final List<MeasurementGroup> groups = new ArrayList<>();
    private final Map<String, Map<String, List<String[]>>> evidence = new LinkedHashMap<>();
    private final String seriesInstanceUid = DicomUids.create();
    private final String sopInstanceUid = DicomUids.create();
    private Contributor contributor = new Contributor("Atrium", "org.atrium.dicom.objects", "1.0.0", null, null);
    private Code procedureReported = CT_PROCEDURE;
    private String seriesDescription = "Measurement report";
    private int seriesNumber = 400;
    private LocalDateTime contentDateTime;

    /**
     * @param studySource any object of the study reported on (a source image or the
     *     Segmentation): patient and study attributes are copied from it
     */
    public MeasurementReportBuilder(DicomFiles files, Attributes studySource) {
        this.files = Objects.requireNonNull(files, "files");
        this.studySource = Objects.requireNonNull(studySource, "studySource");
        Modules.require(studySource, Tags.StudyInstanceUID, "Study Instance UID");
    }

    public MeasurementReportBuilder contributor(Contributor contributor) {
        this.contributor = Objects.requireNonNull(contributor, "contributor");
        return this;
    }

    public MeasurementReportBuilder procedureReported(Code procedure) {
        this.procedureReported = Objects.requireNonNull(procedure, "procedure");
        return this;
    }

    public MeasurementReportBuilder seriesDescription(String description) {
        this.seriesDescription = description;
        return this;
    }

    public MeasurementReportBuilder seriesNumber(int number) {
        this.seriesNumber = number;
        return this;
    }

    public MeasurementReportBuilder contentDateTime(LocalDateTime when) {
        this.contentDateTime = when;
        return this;
    }

    /** Lists an object the report is based on (its header is enough) in the evidence. */
    public MeasurementReportBuilder evidence(Attributes header) {
        String study = Modules.require(header, Tags.StudyInstanceUID, "Study Instance UID");
        String series = Modules.require(header, Tags.SeriesInstanceUID, "Series Instance UID");
        String[] instance = {
            Modules.require(header, Tags.SOPClassUID, "SOP Class UID"),
            Modules.require(header, Tags.SOPInstanceUID, "SOP Instance UID")
        };
        List<String[]> instances = evidence.computeIfAbsent(study, s -> new LinkedHashMap<>())
                .computeIfAbsent(series, s -> new ArrayList<>());
        if (instances.stream().noneMatch(i -> i[1].equals(instance[1]))) {
            instances.add(instance);
        }
        return this;
    }

    public MeasurementReportBuilder addGroup(MeasurementGroup group) {
        groups.add(Objects.requireNonNull(group, "group"));
        return this;
    }

    public String seriesInstanceUid() {
        return seriesInstanceUid;
    }

    public String sopInstanceUid() {
        return sopInstanceUid;
    }

    public Attributes build() {
        LocalDateTime when = contentDateTime == null ? LocalDateTime.now() : contentDateTime;
        Attributes sr = files.newAttributes();
        Modules.patientAndStudy(studySource, sr);
        Modules.series(sr, "SR", seriesInstanceUid, seriesNumber, seriesDescription, when);
        sr.setString(Tags.ReferencedPerformedProcedureStepSequence);
        Modules.sopCommon(sr, UID.ComprehensiveSRStorage, sopInstanceUid, when);
        Modules.equipment(sr, contributor, when);
        sr.setInt(Tags.InstanceNumber, 1);
        sr.setString(Tags.CompletionFlag, "COMPLETE");
        sr.setString(Tags.VerificationFlag, "UNVERIFIED");
        sr.setString(Tags.PerformedProcedureCodeSequence);
        writeEvidence(sr);

        sr.setString(Tags.ValueType, "CONTAINER");
        Modules.addCode(sr, Tags.ConceptNameCodeSequence, IMAGING_MEASUREMENT_REPORT);
        sr.setString(Tags.ContinuityOfContent, "SEPARATE");
        Attributes template = sr.addSequenceItem(Tags.ContentTemplateSequence);
        template.setString(Tags.MappingResource, "DCMR");
        template.setString(Tags.TemplateIdentifier, "1500");

        code(sr, "HAS CONCEPT MOD", LANGUAGE, ENGLISH);
        code(sr, "HAS OBS CONTEXT", OBSERVER_TYPE, DEVICE);
        uidref(sr, "HAS OBS CONTEXT", DEVICE_OBSERVER_UID, contributor.deviceUid());
        text(sr, "HAS OBS CONTEXT", DEVICE_OBSERVER_NAME, contributor.algorithmId());
        text(sr, "HAS OBS CONTEXT", DEVICE_OBSERVER_MANUFACTURER, contributor.manufacturer());
        text(
                sr,
                "HAS OBS CONTEXT",
                DEVICE_OBSERVER_MODEL_NAME,
                contributor.algorithmId() + " " + contributor.algorithmVersion());
        code(sr, "HAS CONCEPT MOD", PROCEDURE_REPORTED, procedureReported);
        Attributes measurements = container(sr, "CONTAINS", IMAGING_MEASUREMENTS);
        for (MeasurementGroup group : groups) {
            Attributes container = container(measurements, "CONTAINS", MEASUREMENT_GROUP);
            text(container, "HAS OBS CONTEXT", TRACKING_IDENTIFIER, group.trackingIdentifier());
            uidref(container, "HAS OBS CONTEXT", TRACKING_UID, group.trackingUid());
            Attributes segment = item(container, "CONTAINS", "IMAGE", REFERENCED_SEGMENT);
            Attributes reference = segment.addSequenceItem(Tags.ReferencedSOPSequence);
            reference.setString(Tags.ReferencedSOPClassUID, UID.SegmentationStorage);
            reference.setString(Tags.ReferencedSOPInstanceUID, group.segmentationSopInstanceUid());
            reference.setInt(Tags.ReferencedSegmentNumber, group.segmentNumber());
            uidref(container, "CONTAINS", SOURCE_SERIES, group.sourceSeriesInstanceUid());
            if (group.finding() != null) {
                code(container, "CONTAINS", FINDING, group.finding());
            }
            for (Measurement measurement : group.measurements()) {
                Attributes num = item(container, "CONTAINS", "NUM", measurement.concept());
                Attributes value = num.addSequenceItem(Tags.MeasuredValueSequence);
                value.setDouble(Tags.NumericValue, measurement.value());
                Modules.addCode(value, Tags.MeasurementUnitsCodeSequence, measurement.unit());
                if (measurement.derivation() != null) {
                    code(num, "HAS CONCEPT MOD", DERIVATION, measurement.derivation());
                }
            }
        }
        return sr;
    }

    public Path write(Path file) throws IOException {
        files.write(build(), UID.ExplicitVRLittleEndian, file);
        return file;
    }

    private void writeEvidence(Attributes sr) {
        for (Map.Entry<String, Map<String, List<String[]>>> study : evidence.entrySet()) {
            Attributes studyItem = sr.addSequenceItem(Tags.CurrentRequestedProcedureEvidenceSequence);
            studyItem.setString(Tags.StudyInstanceUID, study.getKey());
            for (Map.Entry<String, List<String[]>> series : study.getValue().entrySet()) {
                Attributes seriesItem = studyItem.addSequenceItem(Tags.ReferencedSeriesSequence);
                seriesItem.setString(Tags.SeriesInstanceUID, series.getKey());
                for (String[] instance : series.getValue()) {
                    Attributes sop = seriesItem.addSequenceItem(Tags.ReferencedSOPSequence);
                    sop.setString(Tags.ReferencedSOPClassUID, instance[0]);
                    sop.setString(Tags.ReferencedSOPInstanceUID, instance[1]);
                }
            }
        }
    }

    private static Attributes item(Attributes parent, String relationship, String valueType, Code concept) {
        Attributes item = parent.addSequenceItem(Tags.ContentSequence);
        item.setString(Tags.RelationshipType, relationship);
        item.setString(Tags.ValueType, valueType);
        Modules.addCode(item, Tags.ConceptNameCodeSequence, concept);
        return item;
    }

    private static Attributes container(Attributes parent, String relationship, Code concept) {
        Attributes item = item(parent, relationship, "CONTAINER", concept);
        item.setString(Tags.ContinuityOfContent, "SEPARATE");
        return item;
    }

    private static void code(Attributes parent, String relationship, Code concept, Code value) {
        Modules.addCode(item(parent, relationship, "CODE", concept), Tags.ConceptCodeSequence, value);
    }

    private static void text(Attributes parent, String relationship, Code concept, String value) {
        item(parent, relationship, "TEXT", concept).setString(Tags.TextValue, value);
    }

    private static void uidref(Attributes parent, String relationship, Code concept, String uid) {
        item(parent, relationship, "UIDREF", concept).setString(Tags.UID, uid);
    }
}
