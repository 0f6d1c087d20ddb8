package org.atrium.search;

import java.util.List;
import java.util.Map;

/**
 * Facet counts.
 *
 * @param numFound hits of the query
 * @param fields per keyword, its values with counts, most frequent first
 * @param ranges per keyword, buckets in ascending order, each named by its lower bound (dates as
 *     {@code YYYYMMDD})
 */
public record FacetResult(long numFound, Map<String, List<Bucket>> fields, Map<String, List<Bucket>> ranges) {

    public FacetResult {
        fields = Map.copyOf(fields);
        ranges = Map.copyOf(ranges);
    }

    /** One value, or one range starting at {@code value}, and how many hits have it. */
    public record Bucket(String value, long count) {}
}
