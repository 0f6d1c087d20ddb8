package org.atrium.samples.pdfreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atrium.samples.testing.Dciodvfy;

/** Structural checks of a PDF, and poppler's pdftotext when it is installed. */
final class PdfChecks {

    private PdfChecks() {}

    /** Header, trailer, and every cross-reference offset pointing at its object. */
    static void assertWellFormed(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("%PDF-1.4\n"), "PDF header");
        assertTrue(text.endsWith("%%EOF\n"), "PDF trailer");
        Matcher startxref = Pattern.compile("startxref\n(\\d+)\n%%EOF\n$").matcher(text);
        assertTrue(startxref.find(), "startxref");
        int xref = Integer.parseInt(startxref.group(1));
        assertTrue(text.startsWith("xref\n", xref), "xref at startxref");
        Matcher header = Pattern.compile("xref\n0 (\\d+)\n").matcher(text);
        assertTrue(header.find(xref));
        int count = Integer.parseInt(header.group(1));
        int entry = header.end() + 20;
        for (int object = 1; object < count; object++) {
            int offset = Integer.parseInt(text.substring(entry, entry + 10));
            assertTrue(text.startsWith(object + " 0 obj\n", offset), "object " + object + " at " + offset);
            entry += 20;
        }
    }

    /** The text poppler extracts, or null when pdftotext is not installed. */
    static String pdftotext(Path pdf) throws Exception {
        if (!Dciodvfy.onPath("pdftotext")) {
            return null;
        }
        Process process = new ProcessBuilder("pdftotext", pdf.toString(), "-")
                .redirectErrorStream(true)
                .start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), text);
        return text;
    }

    static Path write(Path dir, byte[] pdf) throws Exception {
        return Files.write(dir.resolve("check.pdf"), pdf);
    }
}
