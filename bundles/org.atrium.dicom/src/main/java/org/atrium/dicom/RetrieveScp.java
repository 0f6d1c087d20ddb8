package org.atrium.dicom;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Answers C-MOVE and C-GET requests of a listener. */
@ConsumerType
public interface RetrieveScp {

    /** The Part 10 files matching {@code keys}; empty when nothing matches. */
    List<Path> locate(AssociationInfo association, InformationModel model, Attributes keys) throws DicomException;

    /** The node behind a C-MOVE destination AE title, or {@code null} when it is not known. */
    DicomNode destination(String aeTitle);
}
