package org.atrium.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A started workflow: one algorithm at one version with its parameters over some series.
 *
 * @param id stable identifier
 * @param algorithmId the algorithm
 * @param algorithmVersion the version the jobs run with
 * @param parameters the parameters as canonical JSON (keys sorted, defaults filled in)
 * @param parameterHash SHA-256 (hex) of {@code parameters}
 * @param input what it was started on, such as {@code dataset 3} or {@code 12 series}
 * @param owner who started it
 * @param created when
 * @param timeout how long one job may run
 * @param notes series that were skipped, and why
 * @param jobs how many of its jobs are in each state
 */
public record Workflow(
        long id,
        String algorithmId,
        String algorithmVersion,
        String parameters,
        String parameterHash,
        String input,
        String owner,
        Instant created,
        Duration timeout,
        List<String> notes,
        Map<JobState, Integer> jobs) {

    public Workflow {
        notes = List.copyOf(notes);
        jobs = Map.copyOf(jobs);
    }
}
