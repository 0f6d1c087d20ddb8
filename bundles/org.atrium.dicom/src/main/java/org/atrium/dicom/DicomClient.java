package org.atrium.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** DIMSE service user operations against a remote {@link DicomNode}. */
@ProviderType
public interface DicomClient {

    /** C-ECHO; returns the round-trip time of association, echo and release. */
    Duration cecho(String callingAet, DicomNode node) throws IOException, DicomException;

    /** C-STORE of Part 10 files, one association; a result per file, in order. */
    StoreReport cstore(String callingAet, DicomNode node, List<Path> files) throws IOException, DicomException;

    /** C-FIND; returns every pending match. */
    List<Attributes> cfind(String callingAet, DicomNode node, InformationModel model, Attributes keys)
            throws IOException, DicomException;

    /** C-MOVE to the AE title {@code destinationAet}, which the node must know. */
    RetrieveReport cmove(
            String callingAet, DicomNode node, InformationModel model, Attributes keys, String destinationAet)
            throws IOException, DicomException;

    /** C-GET; received objects are written as Part 10 files into {@code targetDir}. */
    RetrieveReport cget(String callingAet, DicomNode node, InformationModel model, Attributes keys, Path targetDir)
            throws IOException, DicomException;

    /** Outcome of a C-STORE of several files. */
    record StoreReport(List<FileResult> results) {
        public long failed() {
            return results.stream().filter(r -> Status.isFailure(r.status())).count();
        }
    }

    /** Outcome for one file: the DIMSE status, and a message when it failed. */
    record FileResult(Path file, String sopInstanceUid, int status, String message) {}

    /** Final counts of a C-MOVE or C-GET and the final status. */
    record RetrieveReport(int status, int completed, int failed, int warning, List<Path> received) {}
}
