package org.atrium.workflow.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.atrium.extension.api.InputSeries;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreQuery;

/** A series of the research store as extensions see it. */
final class StoreInputs {

    private StoreInputs() {}

    /** The series' files in instance order; an {@link IllegalStateException} when it is not stored. */
    static InputSeries input(ResearchStore store, String seriesUid) throws Exception {
        List<InstanceRecord> instances = new ArrayList<>(store.instances(ResearchStore.Level.SERIES, seriesUid));
        if (instances.isEmpty()) {
            throw new IllegalStateException("series " + seriesUid + " is no longer in the store");
        }
        instances.sort(Comparator.comparing(
                        (InstanceRecord r) -> r.instanceNumber() == null ? Integer.MAX_VALUE : r.instanceNumber())
                .thenComparing(InstanceRecord::sopInstanceUid));
        List<Match> series =
                store.find(new StoreQuery(ResearchStore.Level.SERIES, Map.of("SeriesInstanceUID", seriesUid)));
        Match match = series.isEmpty() ? new Match(Map.of()) : series.get(0);
        return new InputSeries(
                match.get("PatientID"),
                instances.get(0).studyInstanceUid(),
                seriesUid,
                match.get("Modality"),
                instances.stream().map(store::file).toList());
    }

    /** The SOP Class of the series' first instance; {@code null} when it is not stored. */
    static String sopClass(ResearchStore store, String seriesUid) {
        List<InstanceRecord> instances = store.instances(ResearchStore.Level.SERIES, seriesUid);
        return instances.isEmpty() ? null : instances.get(0).sopClassUid();
    }
}
