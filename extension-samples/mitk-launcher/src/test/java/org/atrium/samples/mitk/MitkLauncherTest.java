package org.atrium.samples.mitk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.ToolContext;
import org.atrium.extension.api.ToolSession;
import org.atrium.samples.testing.PhantomSegmentation;
import org.atrium.samples.testing.SyntheticCt;
import org.atrium.samples.testing.TestRunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MitkLauncherTest {

    @TempDir
    Path temp;

    @Test
    void saysWhatIsMissingWhenMitkIsNotConfigured() throws Exception {
        TestToolContext context = new TestToolContext(List.of(), Files.createDirectories(temp.resolve("work")));
        IllegalStateException notConfigured =
                assertThrows(IllegalStateException.class, () -> new MitkLauncher(config("")).launch(context));
        assertEquals(
                "MITK Workbench is not installed: set executable in etc/org.atrium.samples.mitk.cfg to the path"
                        + " of MitkWorkbench",
                notConfigured.getMessage());
        IllegalStateException notThere =
                assertThrows(IllegalStateException.class, () -> new MitkLauncher(config("/opt/MITK/MitkWorkbench.sh"))
                        .launch(context));
        assertTrue(notThere.getMessage().contains("/opt/MITK/MitkWorkbench.sh"), notThere.getMessage());
        assertTrue(notThere.getMessage().contains("etc/org.atrium.samples.mitk.cfg"), notThere.getMessage());
    }

    @Test
    void exportsTheSeriesStartsTheProgramAndImportsTheSegmentationItSaves() throws Exception {
        SyntheticCt phantom = new SyntheticCt(16, 4);
        InputSeries ct = phantom.write(temp.resolve("ct"));
        InputSeries seg = PhantomSegmentation.write(phantom, temp.resolve("seg"));
        Path saved = temp.resolve("as-saved-by-mitk.dcm");
        // The user's new segmentation: another SEG made here, written by the fake program below.
        InputSeries edited = PhantomSegmentation.write(phantom, temp.resolve("edited"));
        Files.copy(edited.files().get(0), saved);

        // A stand-in for the MITK binary only (MITK is not installed here): it records its
        // arguments and, like a user saving a segmentation, writes a SEG into its working folder.
        Path fake = temp.resolve("FakeMitkWorkbench.sh");
        Files.writeString(
                fake,
                "#!/bin/sh\n"
                        + "printf '%s\\n' \"$@\" > arguments.txt\n"
                        + "cp '" + saved + "' saving.part && mv saving.part segmentation-1.dcm\n"
                        + "sleep 5\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path workDir = Files.createDirectories(temp.resolve("work"));
        TestToolContext context = new TestToolContext(List.of(ct, seg), workDir);
        try (ToolSession session = new MitkLauncher(config(fake.toString())).launch(context)) {
            assertTrue(session.alive());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (context.imported.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, context.imported.size(), String.join("\n", context.log));
            Path imported = context.imported.get(0);
            assertEquals("segmentation-1.dcm", imported.getFileName().toString());
            assertEquals(
                    context.images().segmentation(saved).sopInstanceUid(),
                    context.images().segmentation(imported).sopInstanceUid());
            List<String> arguments = Files.readAllLines(workDir.resolve("arguments.txt"));
            assertEquals(ct.files().size() + seg.files().size(), arguments.size());
            assertTrue(arguments.stream()
                    .allMatch(a -> a.startsWith(workDir.resolve("series").toString())));
            assertTrue(arguments.stream().anyMatch(a -> a.contains("SEG-" + seg.seriesInstanceUid())));
            assertTrue(session.status().contains("1 imported"), session.status());
        }
    }

    static MitkConfig config(String executable) {
        return new MitkConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MitkConfig.class;
            }

            @Override
            public String executable() {
                return executable;
            }
        };
    }

    /** A ToolContext without the platform: imports are recorded, not stored. */
    static final class TestToolContext implements ToolContext {
        final List<InputSeries> inputs;
        final Path workDir;
        final List<Path> imported = new CopyOnWriteArrayList<>();
        final List<String> log = new CopyOnWriteArrayList<>();

        TestToolContext(List<InputSeries> inputs, Path workDir) {
            this.inputs = inputs;
            this.workDir = workDir;
        }

        @Override
        public String user() {
            return "tester";
        }

        @Override
        public List<InputSeries> inputs() {
            return inputs;
        }

        @Override
        public Path workDir() {
            return workDir;
        }

        @Override
        public void importResult(Path part10File) {
            imported.add(part10File);
        }

        @Override
        public void log(String line) {
            log.add(line);
        }

        @Override
        public DicomFiles dicom() {
            return TestRunContext.files();
        }

        @Override
        public DicomImages images() {
            return TestRunContext.imagesApi();
        }
    }
}
