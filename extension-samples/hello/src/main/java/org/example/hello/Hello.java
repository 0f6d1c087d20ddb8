package org.example.hello;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.objects.DicomUids;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.InputConstraints;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.Resources;
import org.atrium.extension.api.RunContext;
import org.osgi.service.component.annotations.Component;

/**
 * The smallest useful algorithm: for each input series, one Basic Text SR in the same study that
 * says hello and names the series. Registered as an OSGi service by Declarative Services
 * ({@code @Component}); the platform finds it, shows it, and runs it in jobs.
 */
@Component(service = Algorithm.class)
public final class Hello implements Algorithm {

    public static final String ID = "org.atrium.samples.hello";
    public static final String VERSION = "1.0.0";
    static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";

    private static final AlgorithmDescriptor DESCRIPTOR = new AlgorithmDescriptor(
            ID,
            VERSION,
            "Atrium samples",
            "Hello",
            "Writes a Basic Text SR saying hello to each series.",
            InputConstraints.ANY,
            "{\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\",\"default\":\"Hello\"}}}",
            new Resources(1, 64, false),
            AlgorithmDescriptor.Scope.SERIES);

    @Override
    public AlgorithmDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void run(RunContext context) throws Exception {
        Object greeting = context.parameters().getOrDefault("greeting", "Hello");
        for (InputSeries series : context.inputs()) {
            if (context.cancelled()) {
                return;
            }
            Attributes source = context.dicom().readHeader(series.files().get(0));
            String description = source.getString(context.dicom().tagOf("SeriesDescription"));
            String text = greeting + " from Atrium: series \"" + (description == null ? "(no description)" : description)
                    + "\" has " + series.files().size() + " instances.";
            context.log(text);
            context.output().add(helloReport(context.dicom(), source, text, context));
        }
        context.progress(1, "done");
    }

    /** A Basic Text SR: a document titled "Hello" with one TEXT item, in the source's study. */
    static Attributes helloReport(DicomFiles dicom, Attributes source, String text, RunContext context) {
        Attributes sr = dicom.newAttributes();
        for (String keyword : new String[] {
            "PatientName", "PatientID", "PatientBirthDate", "PatientSex",
            "StudyInstanceUID", "StudyDate", "StudyTime", "ReferringPhysicianName", "StudyID", "AccessionNumber"
        }) {
            sr.setString(dicom.tagOf(keyword), source.getStrings(dicom.tagOf(keyword)));
        }
        LocalDateTime now = LocalDateTime.now();
        String date = now.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = now.format(DateTimeFormatter.ofPattern("HHmmss"));
        sr.setString(dicom.tagOf("SOPClassUID"), BASIC_TEXT_SR);
        sr.setString(dicom.tagOf("SOPInstanceUID"), DicomUids.create());
        sr.setString(dicom.tagOf("Modality"), "SR");
        sr.setString(dicom.tagOf("SeriesInstanceUID"), DicomUids.create());
        sr.setInt(dicom.tagOf("SeriesNumber"), 999);
        sr.setString(dicom.tagOf("SeriesDescription"), "Hello");
        sr.setString(dicom.tagOf("ReferencedPerformedProcedureStepSequence"));
        sr.setString(dicom.tagOf("Manufacturer"), "Atrium samples");
        sr.setInt(dicom.tagOf("InstanceNumber"), 1);
        sr.setString(dicom.tagOf("ContentDate"), date);
        sr.setString(dicom.tagOf("ContentTime"), time);
        sr.setString(dicom.tagOf("CompletionFlag"), "COMPLETE");
        sr.setString(dicom.tagOf("VerificationFlag"), "UNVERIFIED");
        sr.setString(dicom.tagOf("PerformedProcedureCodeSequence"));
        // Provenance: which algorithm, version, parameters and job made this object.
        Attributes equipment = sr.addSequenceItem(dicom.tagOf("ContributingEquipmentSequence"));
        code(dicom, equipment.addSequenceItem(dicom.tagOf("PurposeOfReferenceCodeSequence")), "109102", "DCM",
                "Processing Equipment");
        equipment.setString(dicom.tagOf("Manufacturer"), "Atrium samples");
        equipment.setString(dicom.tagOf("ManufacturerModelName"), context.provenance().algorithmId());
        equipment.setString(dicom.tagOf("SoftwareVersions"), context.provenance().algorithmVersion());
        equipment.setString(dicom.tagOf("ContributionDescription"), "parameters sha256:"
                + context.provenance().parameterHash() + "; job " + context.provenance().jobId());

        sr.setString(dicom.tagOf("ValueType"), "CONTAINER");
        code(dicom, sr.addSequenceItem(dicom.tagOf("ConceptNameCodeSequence")), "HELLO", "99ATRIUM", "Hello");
        sr.setString(dicom.tagOf("ContinuityOfContent"), "SEPARATE");
        Attributes item = sr.addSequenceItem(dicom.tagOf("ContentSequence"));
        item.setString(dicom.tagOf("RelationshipType"), "CONTAINS");
        item.setString(dicom.tagOf("ValueType"), "TEXT");
        code(dicom, item.addSequenceItem(dicom.tagOf("ConceptNameCodeSequence")), "121071", "DCM", "Finding");
        item.setString(dicom.tagOf("TextValue"), text);
        return sr;
    }

    private static void code(DicomFiles dicom, Attributes item, String value, String scheme, String meaning) {
        item.setString(dicom.tagOf("CodeValue"), value);
        item.setString(dicom.tagOf("CodingSchemeDesignator"), scheme);
        item.setString(dicom.tagOf("CodeMeaning"), meaning);
    }
}
