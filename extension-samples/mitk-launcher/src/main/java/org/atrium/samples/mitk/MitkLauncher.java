package org.atrium.samples.mitk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.atrium.extension.api.InputConstraints;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.Tool;
import org.atrium.extension.api.ToolContext;
import org.atrium.extension.api.ToolDescriptor;
import org.atrium.extension.api.ToolSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Opens the chosen series, and the SEGs that came with it, in MITK Workbench: copies their files
 * into the launch's work folder, starts the configured executable with the copies as arguments,
 * and imports every Segmentation that appears in the work folder (saved there from MITK) as a new
 * object in the store.
 */
@Component(service = Tool.class, configurationPid = MitkLauncher.PID)
@Designate(ocd = MitkConfig.class)
public final class MitkLauncher implements Tool {

    public static final String PID = "org.atrium.samples.mitk";
    public static final String ID = "org.atrium.samples.mitk-launcher";
    public static final String VERSION = "1.0.0";
    public static final String NOT_INSTALLED =
            "MITK Workbench is not installed: set executable in etc/" + PID + ".cfg to the path of MitkWorkbench";

    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(
            ID,
            VERSION,
            "Atrium samples",
            "Open in MITK Workbench",
            "Opens the series and its segmentations in MITK Workbench; segmentations saved as DICOM SEG"
                    + " into the session's folder are imported.",
            InputConstraints.modalities("CT", "MR", "SEG"));

    private volatile String executable;

    @Activate
    public MitkLauncher(MitkConfig config) {
        modified(config);
    }

    @Modified
    void modified(MitkConfig config) {
        executable = config.executable() == null ? "" : config.executable().trim();
    }

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ToolSession launch(ToolContext context) throws Exception {
        Path program = program(executable);
        List<Path> exported = export(context);
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        exported.forEach(p -> command.add(p.toString()));
        Path workDir = context.workDir();
        SegmentationWatcher watcher = new SegmentationWatcher(context, workDir);
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        workDir.resolve("mitk.log").toFile()))
                .start();
        context.log("started " + program + " on " + exported.size() + " files in " + workDir);
        return new MitkSession(process, watcher, exported.size(), workDir);
    }

    /** The configured program, or what is missing. */
    static Path program(String executable) {
        if (executable == null || executable.isBlank()) {
            throw new IllegalStateException(NOT_INSTALLED);
        }
        Path program = Path.of(executable);
        if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
            throw new IllegalStateException("MITK Workbench is not installed at " + program
                    + " (no executable file there): set executable in etc/" + PID
                    + ".cfg to the path of MitkWorkbench");
        }
        return program;
    }

    /** Copies every input series into a folder of its own under the work folder; returns the copies. */
    static List<Path> export(ToolContext context) throws IOException {
        List<Path> copies = new ArrayList<>();
        for (InputSeries series : context.inputs()) {
            Path folder = Files.createDirectories(
                    context.workDir().resolve("series").resolve(series.modality() + "-" + series.seriesInstanceUid()));
            int index = 0;
            for (Path file : series.files()) {
                Path copy = folder.resolve(String.format("%05d-%s", index++, file.getFileName()));
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                copies.add(copy);
            }
        }
        return copies;
    }

    private record MitkSession(Process process, SegmentationWatcher watcher, int files, Path workDir)
            implements ToolSession {

        @Override
        public String status() {
            return "MITK Workbench opened " + files + " files from " + workDir
                    + "; save segmentations as DICOM SEG (*.dcm) into that folder to import them ("
                    + watcher.imported() + " imported so far)";
        }

        @Override
        public boolean alive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            watcher.close();
        }
    }
}
