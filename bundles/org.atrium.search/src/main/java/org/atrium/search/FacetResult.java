package org.atrium.search;

import java.util.List;
import java.util.Map;

/**
 * Facet counts.
 *
 * @param numFound hits of the query: series, studies or patients as the request's level says
 * @param fields per keyword, its values with counts, most frequent first
 * @param ranges per keyword, buckets in ascending order, each named by its lower bound (dates as
 *     {@code YYYYMMDD})
 */
public record FacetResult(long numFound, Map<String, List<Bucket>> fields, Map<String, List<Bucket>> ranges) {

    public FacetResult {
        fields = Map.copyOf(fields);
        ranges = Map.copyOf(ranges);
    }

    /**
     * One value, or one range starting at {@code value}, and how many hits have it: at the study
     * and patient levels the number of distinct studies or patients with at least one matching
     * series that has it (a patient with three CT series counts once under CT).
     */
    public record Bucket(String value, long count) {}
}
