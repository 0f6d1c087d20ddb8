package org.atrium.workflow.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.atrium.extension.api.InputSeries;
import org.atrium.workflow.JobState;
import org.atrium.workflow.WorkflowException;

/** What the engine needs from the rest of the platform: the store, datasets, DICOM, events. */
interface JobIo {

    /** What the engine checks input constraints against. */
    record SeriesInfo(String modality, String sopClassUid) {}

    /** The series the store knows, by UID; unknown ones are absent. */
    Map<String, SeriesInfo> describe(List<String> seriesUids) throws WorkflowException;

    /** The series of a dataset (explicit, or its saved query evaluated now). */
    List<String> datasetSeries(long datasetId) throws WorkflowException;

    /** A series with its files; throws when the store no longer has it. */
    InputSeries input(String seriesUid) throws Exception;

    /**
     * Checks that every file is DICOM with a SOP Instance UID and Study Instance UID, then stores
     * them all; when one fails, removes the ones already stored and throws. Returns the SOP
     * Instance UIDs stored.
     */
    List<String> store(long jobId, List<String> sourceSeries, List<Path> files) throws Exception;

    /** Sends stored results to the configured node; returns what happened, {@code null} when none is configured. */
    String forward(List<String> sopInstanceUids, Consumer<String> log);

    void changed(long jobId, long workflowId, String algorithmId, JobState state, double progress);

    DicomFiles dicom();

    DicomImages images();
}
