package org.atrium.dicom.objects;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** David Clunie's IOD validator from dicom3tools (Debian package dicom3tools). */
final class Dciodvfy {

    private Dciodvfy() {}

    /** Its report; the test is skipped when dciodvfy is not installed. */
    static String validate(Path file) throws Exception {
        Assumptions.assumeTrue(onPath("dciodvfy"), "dciodvfy missing; apt-get install dicom3tools");
        Process process = new ProcessBuilder("dciodvfy", "-new", file.toString())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        process.waitFor(60, TimeUnit.SECONDS);
        return new String(output, StandardCharsets.ISO_8859_1);
    }

    static List<String> errors(String report) {
        return report.lines().filter(line -> line.startsWith("Error")).toList();
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
