package org.atrium.dicom.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.EncapsulatedDocument;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.dicom.internal.pixelmed.PixelMedImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncapsulatedPdfBuilderTest {

    /** A tiny PDF of odd length: DICOM pads it, and reading must give back the exact bytes. */
    static final byte[] PDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final PixelMedFiles files = new PixelMedFiles();
    private final PixelMedImages images = new PixelMedImages(files);

    @TempDir
    Path temp;

    @Test
    void writesAValidEncapsulatedPdfThatRoundTrips() throws Exception {
        assertEquals(1, PDF.length % 2);
        List<Path> sources = SourceImages.ct(temp.resolve("ct"), 4, 4, 1);
        Attributes source = files.readHeader(sources.get(0));
        EncapsulatedPdfBuilder builder = new EncapsulatedPdfBuilder(files, source)
                .documentTitle("Study report")
                .sourceInstance(source)
                .contributor(new Contributor("Atrium samples", "org.atrium.test.pdf", "1.0.0", "00", "3"));
        Path file = builder.write(PDF, temp.resolve("pdf.dcm"));

        String report = Dciodvfy.validate(file);
        assertEquals(List.of(), Dciodvfy.errors(report), report);

        EncapsulatedDocument document = images.encapsulatedDocument(file);
        assertEquals("application/pdf", document.mimeType());
        assertEquals("Study report", document.documentTitle());
        assertEquals(UID.EncapsulatedPDFStorage, document.sopClassUid());
        assertArrayEquals(PDF, document.bytes());
        Attributes dataset = files.readHeader(file);
        assertEquals("YES", dataset.getString(Tags.BurnedInAnnotation));
        assertEquals(SourceImages.STUDY, dataset.getString(Tags.StudyInstanceUID));
        assertThrows(IllegalArgumentException.class, () -> builder.build(new byte[] {1, 2, 3, 4, 5}));
    }
}
