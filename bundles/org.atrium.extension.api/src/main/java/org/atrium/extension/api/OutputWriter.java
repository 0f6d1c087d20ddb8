package org.atrium.extension.api;

import java.io.IOException;
import java.nio.file.Path;
import org.atrium.dicom.Attributes;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Collects a job's results. Nothing reaches the research store before the job succeeds; then every
 * object is stored (in its source study) or none is.
 */
@ProviderType
public interface OutputWriter {

    /** Takes a complete Part 10 file the algorithm wrote (in its work folder); the file is moved. */
    void add(Path part10File) throws IOException;

    /** Writes a data set as a Part 10 file (explicit VR little endian) among the results. */
    void add(Attributes dataset) throws IOException;

    /** How many objects so far. */
    int count();
}
