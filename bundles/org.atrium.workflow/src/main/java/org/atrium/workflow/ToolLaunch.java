package org.atrium.workflow;

import java.time.Instant;
import java.util.List;

/**
 * A tool launched by a user on some series.
 *
 * @param id identifier of the launch, unique until the platform restarts
 * @param toolId the tool
 * @param toolVersion its version
 * @param user who launched it
 * @param series the series chosen, followed by the segmentations made from them
 * @param workDirectory the launch's folder on the server
 * @param started when it was launched
 * @param status what the tool says it is doing
 * @param alive whether the tool's program still runs
 * @param imported SOP Instance UIDs of the objects it brought into the store
 * @param log its log, oldest line first
 */
public record ToolLaunch(
        long id,
        String toolId,
        String toolVersion,
        String user,
        List<String> series,
        String workDirectory,
        Instant started,
        String status,
        boolean alive,
        List<String> imported,
        List<String> log) {

    public ToolLaunch {
        series = List.copyOf(series);
        imported = List.copyOf(imported);
        log = List.copyOf(log);
    }
}
