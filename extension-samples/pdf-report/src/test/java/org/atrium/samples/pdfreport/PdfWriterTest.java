package org.atrium.samples.pdfreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfWriterTest {

    @TempDir
    Path temp;

    @Test
    void writesPagesWithTextAndJpegImages() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 5, 0xFF0000);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", jpeg);

        PdfWriter pdf = new PdfWriter();
        PdfWriter.Image embedded = pdf.addJpeg(jpeg.toByteArray(), 40, 30, false);
        pdf.newPage().text(50, 800, 12, true, "Hello (report) \\ Zürich").image(embedded, 50, 500, 200, 150);
        pdf.newPage().text(50, 800, 12, false, "Second page").fill(50, 700, 20, 20, 0x3399FF);
        byte[] bytes = pdf.toBytes();

        PdfChecks.assertWellFormed(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("/Count 2"));
        assertTrue(text.contains("/Filter /DCTDecode"));
        assertTrue(text.contains("(Hello \\(report\\) \\\\ Z\u00fcrich) Tj"));
        String extracted = PdfChecks.pdftotext(PdfChecks.write(temp, bytes));
        if (extracted != null) {
            assertTrue(extracted.contains("Hello (report)"), extracted);
            assertTrue(extracted.contains("Second page"), extracted);
        }
        assertEquals("?", PdfWriter.escape("\u4e2d"));
    }
}
