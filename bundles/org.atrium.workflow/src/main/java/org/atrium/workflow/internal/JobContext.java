package org.atrium.workflow.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.OutputWriter;
import org.atrium.extension.api.Provenance;
import org.atrium.extension.api.RunContext;

/** What one run of an algorithm sees: its inputs, a scratch folder and the result collector. */
final class JobContext implements RunContext, OutputWriter {

    private static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    private final Engine engine;
    private final Engine.Run run;
    private final List<InputSeries> inputs;
    private final Map<String, Object> parameters;
    private final Path scratch;
    private final Path results;
    private final List<Path> outputs = Collections.synchronizedList(new ArrayList<>());
    private final Provenance provenance;
    private final java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();

    JobContext(Engine engine, Engine.Run run, List<InputSeries> inputs, Map<String, Object> parameters, Path dir)
            throws IOException {
        this.engine = engine;
        this.run = run;
        this.inputs = List.copyOf(inputs);
        this.parameters = Collections.unmodifiableMap(parameters);
        this.scratch = Files.createDirectories(dir.resolve("scratch"));
        this.results = Files.createDirectories(dir.resolve("results"));
        this.provenance = new Provenance(
                run.spec.algorithmId(),
                run.spec.algorithmVersion(),
                run.spec.parameterHash(),
                Long.toString(run.spec.jobId()));
    }

    @Override
    public String jobId() {
        return Long.toString(run.spec.jobId());
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
        return scratch;
    }

    @Override
    public OutputWriter output() {
        return this;
    }

    @Override
    public void progress(double fraction, String message) {
        engine.progress(run, fraction, message);
    }

    @Override
    public void log(String line) {
        engine.log(run.spec.jobId(), line);
    }

    @Override
    public boolean cancelled() {
        return run.cancelled;
    }

    @Override
    public DicomFiles dicom() {
        return engine.io().dicom();
    }

    @Override
    public DicomImages images() {
        return engine.io().images();
    }

    // ---- OutputWriter

    @Override
    public void add(Path part10File) throws IOException {
        Path target = next();
        Files.move(part10File, target, StandardCopyOption.REPLACE_EXISTING);
        outputs.add(target);
    }

    @Override
    public void add(Attributes dataset) throws IOException {
        Path target = next();
        dicom().write(dataset, EXPLICIT_VR_LITTLE_ENDIAN, target);
        outputs.add(target);
    }

    @Override
    public int count() {
        return outputs.size();
    }

    private Path next() {
        if (run.cancelled) {
            throw new IllegalStateException("job " + run.spec.jobId() + " was cancelled");
        }
        return results.resolve(String.format("%05d.dcm", names.incrementAndGet()));
    }

    List<Path> outputs() {
        synchronized (outputs) {
            return List.copyOf(outputs);
        }
    }
}
