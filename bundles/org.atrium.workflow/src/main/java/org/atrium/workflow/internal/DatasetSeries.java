package org.atrium.workflow.internal;

import java.util.ArrayList;
import java.util.List;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;
import org.atrium.store.Dataset;
import org.atrium.store.Datasets;
import org.atrium.store.StoreException;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowException.Reason;

/** The series of a dataset: its list, or what its saved query finds now. */
final class DatasetSeries {

    static final int MAX_SERIES = 100_000;

    private DatasetSeries() {}

    /** {@code search} may be {@code null}: then only datasets that list their series can be read. */
    static List<String> of(Datasets datasets, MetadataSearch search, long datasetId) throws WorkflowException {
        try {
            Dataset dataset = datasets.get(datasetId)
                    .orElseThrow(() -> new WorkflowException(Reason.NOT_FOUND, "no dataset " + datasetId));
            if (!dataset.savedQuery()) {
                return datasets.series(datasetId);
            }
            if (search == null) {
                throw new WorkflowException(
                        Reason.UNAVAILABLE,
                        "search is not available: the series of saved query '" + dataset.query()
                                + "' cannot be listed");
            }
            List<String> series = new ArrayList<>();
            int start = 0;
            while (series.size() < MAX_SERIES) {
                SearchResult page = search.search(new SearchRequest(
                        SearchLevel.SERIES,
                        dataset.query(),
                        List.of(),
                        "SeriesInstanceUID asc",
                        start,
                        SearchRequest.MAX_ROWS));
                page.docs().forEach(doc -> series.add(String.valueOf(doc.get("SeriesInstanceUID"))));
                start += page.docs().size();
                if (page.docs().isEmpty() || start >= page.numFound()) {
                    break;
                }
            }
            return series;
        } catch (StoreException e) {
            throw new WorkflowException(Reason.UNAVAILABLE, "the store cannot list the dataset: " + e.getMessage(), e);
        } catch (SearchException e) {
            throw new WorkflowException(
                    e.reason() == SearchException.Reason.BAD_QUERY ? Reason.INVALID : Reason.UNAVAILABLE,
                    "the dataset's saved query failed: " + e.getMessage(),
                    e);
        }
    }
}
