package org.atrium.workflow;

import java.time.Instant;
import java.util.List;

/**
 * One run of an algorithm: over one series, or over a whole dataset.
 *
 * @param id stable identifier, also the {@code jobId} of the results' provenance
 * @param workflowId its workflow
 * @param algorithmId the algorithm
 * @param algorithmVersion the version it runs with
 * @param parameterHash SHA-256 of the workflow's canonical parameters
 * @param state where it is
 * @param attempt 1 for the first run, one more for each retry or restart
 * @param series its input series
 * @param progress 0 to 1
 * @param message what it does now, or what it waits for
 * @param reason why it failed or was cancelled; {@code null} otherwise
 * @param created when it was queued (first)
 * @param started when its last attempt started; {@code null} before
 * @param ended when it finished; {@code null} before
 * @param outputs SOP Instance UIDs of its stored results
 * @param forwarding what forwarding the results to the configured node did; {@code null} when not configured
 */
public record Job(
        long id,
        long workflowId,
        String algorithmId,
        String algorithmVersion,
        String parameterHash,
        JobState state,
        int attempt,
        List<String> series,
        double progress,
        String message,
        String reason,
        Instant created,
        Instant started,
        Instant ended,
        List<String> outputs,
        String forwarding) {

    public Job {
        series = List.copyOf(series);
        outputs = List.copyOf(outputs);
    }
}
