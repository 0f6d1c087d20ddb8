package org.atrium.search;

import java.util.List;
import java.util.Map;

/**
 * Hits of a search.
 *
 * @param numFound how many series, studies or patients match in all
 * @param start offset of the first doc
 * @param docs attribute values keyed by DICOM keyword (private tags as {@code xGGGGEEEE}); dates
 *     are DICOM {@code YYYYMMDD} strings, numbers are numbers, multi-valued attributes are lists
 */
public record SearchResult(long numFound, int start, List<Map<String, Object>> docs) {

    public SearchResult {
        docs = List.copyOf(docs);
    }
}
