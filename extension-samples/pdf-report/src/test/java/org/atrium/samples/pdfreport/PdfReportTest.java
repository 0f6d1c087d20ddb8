package org.atrium.samples.pdfreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.image.EncapsulatedDocument;
import org.atrium.extension.api.InputSeries;
import org.atrium.samples.testing.Dciodvfy;
import org.atrium.samples.testing.PhantomSegmentation;
import org.atrium.samples.testing.SyntheticCt;
import org.atrium.samples.testing.TestRunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfReportTest {

    @TempDir
    Path temp;

    @Test
    void writesAnEncapsulatedPdfReport() throws Exception {
        SyntheticCt phantom = new SyntheticCt(64, 20);
        InputSeries ct = phantom.write(temp.resolve("ct"));
        InputSeries seg = PhantomSegmentation.write(phantom, temp.resolve("seg"));
        TestRunContext context =
                new TestRunContext(PdfReport.ID, List.of(ct, seg), Map.of("title", "Phantom report"), temp);

        new PdfReport().run(context);

        assertEquals(1, context.outputs().size());
        Path file = context.outputs().get(0);
        assertEquals(List.of(), Dciodvfy.errors(file));
        EncapsulatedDocument document = context.images().encapsulatedDocument(file);
        assertEquals("application/pdf", document.mimeType());
        assertEquals("Phantom report", document.documentTitle());
        byte[] written = Files.readAllBytes(context.workDir().resolve("report-0.pdf"));
        assertTrue(java.util.Arrays.equals(written, document.bytes()), "the PDF round-trips byte for byte");
        PdfChecks.assertWellFormed(document.bytes());
        String pdf = new String(document.bytes(), StandardCharsets.ISO_8859_1);
        // Two key images (lungs, bone) as JPEGs, and the computed measurements.
        assertEquals(2, pdf.split("/Filter /DCTDecode", -1).length - 1);
        long lungs = phantom.count(SyntheticCt.LUNG);
        assertTrue(pdf.contains("(Lungs: " + lungs + " voxels"), "lung voxel count in the report");
        String extracted = PdfChecks.pdftotext(PdfChecks.write(temp, document.bytes()));
        if (extracted != null) {
            assertTrue(extracted.contains("Phantom report"), extracted);
        }
    }
}
