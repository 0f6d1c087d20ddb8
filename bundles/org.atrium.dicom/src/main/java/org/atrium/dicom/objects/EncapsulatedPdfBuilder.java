package org.atrium.dicom.objects;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.Code;

/**
 * Builds an Encapsulated PDF (PS3.3 A.45.1) in a source object's study: Document Title, Concept
 * Name, Burned In Annotation YES (a report shows patient data), the source instances it was made
 * from, and provenance in the Contributing Equipment Sequence.
 *
 * <p>Not thread-safe.
 */
public final class EncapsulatedPdfBuilder {

    /** (18748-4, LN, "Diagnostic imaging study"), a usual concept name of imaging reports. */
    public static final Code DIAGNOSTIC_IMAGING_REPORT = new Code("18748-4", "LN", "Diagnostic imaging study");

    private final DicomFiles files;
    private final Attributes studySource;
    private final List<String[]> sourceInstances = new ArrayList<>();
    private final String seriesInstanceUid = DicomUids.create();
    private final String sopInstanceUid = DicomUids.create();
    private Contributor contributor = new Contributor("Atrium", "org.atrium.dicom.objects", "1.0.0", null, null);
    private String documentTitle = "Report";
    private Code conceptName = DIAGNOSTIC_IMAGING_REPORT;
    private String seriesDescription = "Report";
    private int seriesNumber = 500;
    private LocalDateTime contentDateTime;

    /** @param studySource any object of the study: patient and study attributes are copied from it */
    public EncapsulatedPdfBuilder(DicomFiles files, Attributes studySource) {
        this.files = Objects.requireNonNull(files, "files");
        this.studySource = Objects.requireNonNull(studySource, "studySource");
        Modules.require(studySource, Tags.StudyInstanceUID, "Study Instance UID");
    }

    public EncapsulatedPdfBuilder contributor(Contributor contributor) {
        this.contributor = Objects.requireNonNull(contributor, "contributor");
        return this;
    }

    public EncapsulatedPdfBuilder documentTitle(String title) {
        this.documentTitle = Objects.requireNonNull(title, "title");
        return this;
    }

    public EncapsulatedPdfBuilder conceptName(Code code) {
        this.conceptName = Objects.requireNonNull(code, "code");
        return this;
    }

    public EncapsulatedPdfBuilder seriesDescription(String description) {
        this.seriesDescription = description;
        return this;
    }

    public EncapsulatedPdfBuilder seriesNumber(int number) {
        this.seriesNumber = number;
        return this;
    }

    public EncapsulatedPdfBuilder contentDateTime(LocalDateTime when) {
        this.contentDateTime = when;
        return this;
    }

    /** Names an object the document was made from (Source Instance Sequence). */
    public EncapsulatedPdfBuilder sourceInstance(Attributes header) {
        sourceInstances.add(new String[] {
            Modules.require(header, Tags.SOPClassUID, "SOP Class UID"),
            Modules.require(header, Tags.SOPInstanceUID, "SOP Instance UID")
        });
        return this;
    }

    public String seriesInstanceUid() {
        return seriesInstanceUid;
    }

    public String sopInstanceUid() {
        return sopInstanceUid;
    }

    /** @param pdf a whole PDF document, starting with {@code %PDF-} */
    public Attributes build(byte[] pdf) {
        if (pdf.length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D' || pdf[3] != 'F' || pdf[4] != '-') {
            throw new IllegalArgumentException("not a PDF document: it does not start with %PDF-");
        }
        LocalDateTime when = contentDateTime == null ? LocalDateTime.now() : contentDateTime;
        Attributes doc = files.newAttributes();
        Modules.patientAndStudy(studySource, doc);
        Modules.series(doc, "DOC", seriesInstanceUid, seriesNumber, seriesDescription, when);
        Modules.sopCommon(doc, UID.EncapsulatedPDFStorage, sopInstanceUid, when);
        Modules.equipment(doc, contributor, when);
        doc.setString(Tags.ConversionType, "WSD");
        doc.setInt(Tags.InstanceNumber, 1);
        doc.setString(Tags.AcquisitionDateTime, Modules.DATE_TIME.format(when));
        doc.setString(Tags.BurnedInAnnotation, "YES");
        doc.setString(Tags.DocumentTitle, Modules.truncate(documentTitle, 1024));
        Modules.addCode(doc, Tags.ConceptNameCodeSequence, conceptName);
        for (String[] instance : sourceInstances) {
            Attributes item = doc.addSequenceItem(Tags.SourceInstanceSequence);
            item.setString(Tags.ReferencedSOPClassUID, instance[0]);
            item.setString(Tags.ReferencedSOPInstanceUID, instance[1]);
        }
        doc.setString(Tags.MIMETypeOfEncapsulatedDocument, "application/pdf");
        doc.setInt(Tags.EncapsulatedDocumentLength, pdf.length);
        doc.setBytes(Tags.EncapsulatedDocument, "OB", pdf);
        return doc;
    }

    public Path write(byte[] pdf, Path file) throws IOException {
        files.write(build(pdf), UID.ExplicitVRLittleEndian, file);
        return file;
    }
}
