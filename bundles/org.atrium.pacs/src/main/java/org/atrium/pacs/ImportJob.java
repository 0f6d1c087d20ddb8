package org.atrium.pacs;

import java.time.Instant;
import java.util.List;

/**
 * A tracked import: its items (one per study) and their totals.
 *
 * @param state {@link ImportState#COMPLETE} only when every item is; FAILED when an item failed
 *     and none is pending; RUNNING while an item runs; else QUEUED (or CANCELLED)
 * @param expected instances the node lists for the studies known so far
 * @param received of those, instances in the research store
 */
public record ImportJob(
        long id,
        String node,
        ImportMethod method,
        String owner,
        Instant created,
        ImportState state,
        int expected,
        int received,
        List<ImportItem> items) {

    /** Summarises item states into the job's. */
    public static ImportState summarise(List<ImportState> states) {
        if (states.isEmpty()) {
            return ImportState.COMPLETE;
        }
        if (states.contains(ImportState.RUNNING)) {
            return ImportState.RUNNING;
        }
        if (states.contains(ImportState.QUEUED) || states.contains(ImportState.RETRYING)) {
            return states.stream().anyMatch(ImportState::terminal) ? ImportState.RUNNING : ImportState.QUEUED;
        }
        if (states.contains(ImportState.FAILED)) {
            return ImportState.FAILED;
        }
        if (states.contains(ImportState.CANCELLED)) {
            return ImportState.CANCELLED;
        }
        return ImportState.COMPLETE;
    }
}
