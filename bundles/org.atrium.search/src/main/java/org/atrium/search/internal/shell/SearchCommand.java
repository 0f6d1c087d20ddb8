package org.atrium.search.internal.shell;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;

@Command(
        scope = "atrium",
        name = "search",
        description = "Searches DICOM metadata, e.g. atrium:search 'Modality:CT AND StudyDate:[20200101 TO *]'.")
@Service
public class SearchCommand implements Action {

    @Reference
    MetadataSearch search;

    @Argument(
            index = 0,
            name = "query",
            description = "Query (DICOM keywords, AND/OR/NOT, ranges, wildcards)",
            multiValued = true)
    List<String> query;

    @Option(name = "--level", description = "series, study or patient")
    String level = "series";

    @Option(name = "--rows", description = "Hits to show")
    int rows = 20;

    @Option(name = "--sort", description = "Keyword asc|desc")
    String sort;

    @Override
    public Object execute() throws Exception {
        String q = query == null ? "" : String.join(" ", query);
        try {
            SearchResult result = search.search(new SearchRequest(
                    SearchLevel.valueOf(level.toUpperCase(java.util.Locale.ROOT)), q, List.of(), sort, 0, rows));
            System.out.println(result.numFound() + " found");
            for (Map<String, Object> doc : result.docs()) {
                System.out.println(doc);
            }
        } catch (SearchException e) {
            System.err.println((e.reason() == SearchException.Reason.BAD_QUERY ? "Bad query: " : "Unavailable: ")
                    + e.getMessage());
        }
        return null;
    }
}
