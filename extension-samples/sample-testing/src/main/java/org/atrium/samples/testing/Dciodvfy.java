package org.atrium.samples.testing;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** David Clunie's IOD validator (Debian package dicom3tools): tests skip when it is missing. */
public final class Dciodvfy {

    private Dciodvfy() {}

    /** The lines of dciodvfy's report that start with "Error". */
    public static List<String> errors(Path file) throws Exception {
        Assumptions.assumeTrue(onPath("dciodvfy"), "dciodvfy missing; apt-get install dicom3tools");
        Process process = new ProcessBuilder("dciodvfy", "-new", file.toString())
                .redirectErrorStream(true)
                .start();
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        process.waitFor(60, TimeUnit.SECONDS);
        return report.lines().filter(line -> line.startsWith("Error")).toList();
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
