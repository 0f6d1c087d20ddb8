package org.atrium.store;

import java.time.Instant;

/**
 * A cohort: a named set of series, given either explicitly or by a saved query that is evaluated
 * when the dataset is used.
 *
 * @param id stable identifier
 * @param name unique name
 * @param query the saved search query, or {@code null} for an explicit list of series
 * @param owner who created it
 * @param created when
 * @param seriesCount number of series listed explicitly (0 for a saved query)
 */
public record Dataset(long id, String name, String query, String owner, Instant created, int seriesCount) {

    public boolean savedQuery() {
        return query != null;
    }
}
