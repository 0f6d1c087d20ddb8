package org.atrium.search.internal.shell;

import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.search.internal.SearchIndex;

@Command(scope = "atrium", name = "reindex", description = "Rebuilds the search index from the research store.")
@Service
public class ReindexCommand implements Action {

    @Reference
    SearchIndex index;

    @Option(
            name = "--timeout",
            description = "Minutes to wait for the index to catch up (it goes on in the background)")
    int timeoutMinutes = 60;

    @Override
    public Object execute() throws Exception {
        long studies = index.reindex(System.out::println, Duration.ofMinutes(timeoutMinutes));
        System.out.println("Reindexed " + studies + " studies");
        return null;
    }
}
