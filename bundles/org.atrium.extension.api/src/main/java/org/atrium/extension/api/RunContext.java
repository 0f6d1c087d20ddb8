package org.atrium.extension.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.osgi.annotation.versioning.ProviderType;

/** What the platform hands one run of an {@link Algorithm}. */
@ProviderType
public interface RunContext {

    String jobId();

    /** The series of this job: one for {@link AlgorithmDescriptor.Scope#SERIES}, all for a dataset. */
    List<InputSeries> inputs();

    /** The parameters, valid against the algorithm's schema, defaults filled in. */
    Map<String, Object> parameters();

    Provenance provenance();

    /** A private scratch folder, deleted after the job. */
    Path workDir();

    OutputWriter output();

    /** Reports progress, 0 to 1, with what is being done. */
    void progress(double fraction, String message);

    /** Adds a line to the job's log. */
    void log(String line);

    /** True once the job was cancelled or timed out: stop as soon as possible. */
    boolean cancelled();

    /** Atrium's DICOM reading and writing. */
    DicomFiles dicom();

    /** Pixel data, segmentations, reports and documents. */
    DicomImages images();
}
