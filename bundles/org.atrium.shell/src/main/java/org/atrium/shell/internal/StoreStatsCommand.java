package org.atrium.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreStatistics;

@Command(scope = "atrium", name = "store-stats", description = "Shows what the research store holds.")
@Service
public class StoreStatsCommand implements Action {

    @Reference
    ResearchStore store;

    @Override
    public Object execute() throws Exception {
        StoreStatistics s = store.statistics();
        System.out.printf(
                "Patients:   %d%nStudies:    %d%nSeries:     %d%nInstances:  %d%nSize:       %.1f MB%n"
                        + "Free space: %.1f GB%nIndex:      %s%n",
                s.patients(),
                s.studies(),
                s.series(),
                s.instances(),
                s.bytes() / 1e6,
                s.freeBytes() / 1e9,
                s.database());
        return null;
    }
}
