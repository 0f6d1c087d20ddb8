package org.atrium.extension.api;

import java.nio.file.Path;
import java.util.List;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.osgi.annotation.versioning.ProviderType;

/** What the platform hands a tool launch. */
@ProviderType
public interface ToolContext {

    /** Who launched it. */
    String user();

    List<InputSeries> inputs();

    /** A folder of this launch, kept while the session lasts. */
    Path workDir();

    /**
     * Takes a DICOM object the tool produced (a segmentation saved by the user, for example) into
     * the research store at once.
     */
    void importResult(Path part10File) throws java.io.IOException;

    void log(String line);

    DicomFiles dicom();

    DicomImages images();
}
