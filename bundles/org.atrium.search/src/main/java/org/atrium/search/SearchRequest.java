package org.atrium.search;

import java.util.List;
import java.util.Objects;

/**
 * A search in the query syntax described in {@link MetadataSearch}.
 *
 * @param level what one hit is
 * @param q the query; blank matches everything
 * @param fq filter queries in the same syntax, all of which must match
 * @param sort {@code Keyword asc|desc}, comma separated; blank sorts by relevance
 * @param start offset of the first hit returned
 * @param rows hits returned, at most {@link #MAX_ROWS}
 */
public record SearchRequest(SearchLevel level, String q, List<String> fq, String sort, int start, int rows) {

    public static final int DEFAULT_ROWS = 20;
    public static final int MAX_ROWS = 1000;

    public SearchRequest {
        Objects.requireNonNull(level, "level");
        q = q == null ? "" : q;
        fq = fq == null ? List.of() : List.copyOf(fq);
        sort = sort == null ? "" : sort;
        if (start < 0) {
            throw new IllegalArgumentException("start must not be negative: " + start);
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative: " + rows);
        }
        rows = Math.min(rows, MAX_ROWS);
    }

    public static SearchRequest of(SearchLevel level, String q) {
        return new SearchRequest(level, q, List.of(), "", 0, DEFAULT_ROWS);
    }
}
