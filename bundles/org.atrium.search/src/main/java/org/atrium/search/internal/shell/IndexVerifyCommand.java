package org.atrium.search.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.search.internal.Indexer;
import org.atrium.search.internal.SearchIndex;

@Command(scope = "atrium", name = "index-verify", description = "Compares the store's series with the search index.")
@Service
public class IndexVerifyCommand implements Action {

    @Reference
    SearchIndex index;

    @Override
    public Object execute() throws Exception {
        Indexer.Verification report = index.verify();
        System.out.printf(
                "Store: %d series, index: %d series, outbox: %d studies waiting%n",
                report.storeSeries(), report.indexSeries(), report.backlog());
        report.missing().forEach(uid -> System.out.println("Missing from the index: " + uid));
        report.extra().forEach(uid -> System.out.println("In the index, not in the store: " + uid));
        report.countMismatches().forEach(s -> System.out.println("Instance count differs: " + s));
        System.out.println(
                report.clean()
                        ? "Index matches the store"
                        : "Index differs from the store (atrium:reindex repairs it)");
        return null;
    }
}
