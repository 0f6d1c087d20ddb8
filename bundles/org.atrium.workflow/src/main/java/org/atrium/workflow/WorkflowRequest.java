package org.atrium.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to start: an algorithm, its parameters and either a dataset or a list of series.
 *
 * @param algorithmId the algorithm's id
 * @param algorithmVersion a version that must be installed; {@code null} for the newest installed
 * @param parameters checked against the algorithm's parameter schema; {@code null} for none
 * @param datasetId a dataset of {@code org.atrium.store.Datasets} (explicit series or saved query)
 * @param series Series Instance UIDs, when there is no dataset
 * @param timeout how long one job may run; {@code null} for the configured default
 * @param owner who starts it
 */
public record WorkflowRequest(
        String algorithmId,
        String algorithmVersion,
        Map<String, Object> parameters,
        Long datasetId,
        List<String> series,
        Duration timeout,
        String owner) {

    public WorkflowRequest {
        Objects.requireNonNull(algorithmId, "algorithmId");
        parameters = parameters == null ? Map.of() : parameters;
        series = series == null ? List.of() : List.copyOf(series);
        owner = owner == null ? "" : owner;
    }
}
