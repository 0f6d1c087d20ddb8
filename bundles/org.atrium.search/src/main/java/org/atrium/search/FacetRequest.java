package org.atrium.search;

import java.util.List;
import java.util.Objects;

/**
 * Counts of values over the hits of a query.
 *
 * @param level what is counted: series, studies or patients
 * @param q the query; blank matches everything
 * @param fq filter queries
 * @param fields keywords to count terms of, e.g. {@code Modality}
 * @param ranges {@code Keyword:gap} buckets: dates with gaps such as {@code 1y}, {@code 3m},
 *     {@code 7d}; numbers with a numeric gap such as {@code SliceThickness:0.5}
 * @param limit most frequent terms returned per field (at most {@link #MAX_LIMIT})
 */
public record FacetRequest(
        SearchLevel level, String q, List<String> fq, List<String> fields, List<String> ranges, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public FacetRequest {
        Objects.requireNonNull(level, "level");
        q = q == null ? "" : q;
        fq = fq == null ? List.of() : List.copyOf(fq);
        fields = fields == null ? List.of() : List.copyOf(fields);
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        limit = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }
}
