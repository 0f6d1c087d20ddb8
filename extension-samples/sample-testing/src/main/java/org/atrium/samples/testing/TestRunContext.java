package org.atrium.samples.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.dicom.internal.pixelmed.PixelMedImages;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.OutputWriter;
import org.atrium.extension.api.Provenance;
import org.atrium.extension.api.RunContext;

/**
 * A {@link RunContext} without the workflow engine: the platform's PixelMed-backed DICOM API, a
 * work folder, outputs collected as files under {@code workDir/outputs}, progress and log kept in
 * lists, and a cancel switch.
 */
public final class TestRunContext implements RunContext {

    private static final PixelMedFiles FILES = new PixelMedFiles();
    private static final PixelMedImages IMAGES = new PixelMedImages(FILES);

    private final List<InputSeries> inputs;
    private final Map<String, Object> parameters;
    private final Provenance provenance;
    private final Path workDir;
    private final Path outputDir;
    private final List<Path> outputs = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> progress = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** Cancels the run once progress passes this fraction (for cancellation tests). */
    private volatile double cancelAt = Double.POSITIVE_INFINITY;

    public TestRunContext(String algorithmId, List<InputSeries> inputs, Map<String, Object> parameters, Path workDir)
            throws IOException {
        this.inputs = List.copyOf(inputs);
        this.parameters = Map.copyOf(parameters);
        this.provenance = new Provenance(algorithmId, "test", "0123456789abcdef", "job-1");
        this.workDir = Files.createDirectories(workDir.resolve("work"));
        this.outputDir = Files.createDirectories(workDir.resolve("outputs"));
    }

    public static DicomFiles files() {
        return FILES;
    }

    public static DicomImages imagesApi() {
        return IMAGES;
    }

    public void cancelAt(double fraction) {
        this.cancelAt = fraction;
    }

    public List<Path> outputs() {
        return List.copyOf(outputs);
    }

    public List<String> logLines() {
        return List.copyOf(log);
    }

    public List<Double> progressValues() {
        return List.copyOf(progress);
    }

    @Override
    public String jobId() {
        return provenance.jobId();
    }

    @Override
    public List<InputSeries> inputs() {
        return inputs;
    }

    @Override
    public Map<String, Object> parameters() {
        return parameters;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
    public OutputWriter output() {
        return new OutputWriter() {
            @Override
            public void add(Path part10File) throws IOException {
                Path target = outputDir.resolve("out" + outputs.size() + ".dcm");
                Files.move(part10File, target, StandardCopyOption.REPLACE_EXISTING);
                outputs.add(target);
            }

            @Override
            public void add(Attributes dataset) throws IOException {
                Path target = outputDir.resolve("out" + outputs.size() + ".dcm");
                FILES.write(dataset, UID.ExplicitVRLittleEndian, target);
                outputs.add(target);
            }

            @Override
            public int count() {
                return outputs.size();
            }
        };
    }

    @Override
    public void progress(double fraction, String message) {
        progress.add(fraction);
        if (fraction >= cancelAt) {
            cancelled.set(true);
        }
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    @Override
    public boolean cancelled() {
        return cancelled.get();
    }

    @Override
    public DicomFiles dicom() {
        return FILES;
    }

    @Override
    public DicomImages images() {
        return IMAGES;
    }
}
