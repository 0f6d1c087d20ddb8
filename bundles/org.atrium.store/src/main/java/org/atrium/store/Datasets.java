package org.atrium.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Datasets (cohorts), kept in the store's database. Names are unique. */
@ProviderType
public interface Datasets {

    /** A dataset of explicit series, or of a saved query when {@code query} is not null. */
    Dataset create(String name, String query, Collection<String> seriesInstanceUids, String owner)
            throws StoreException;

    List<Dataset> list() throws StoreException;

    Optional<Dataset> get(long id) throws StoreException;

    Dataset rename(long id, String name) throws StoreException;

    /** Returns false when there was no such dataset. */
    boolean delete(long id) throws StoreException;

    /** Adds series (already present ones are kept once); returns the new count. */
    int addSeries(long id, Collection<String> seriesInstanceUids) throws StoreException;

    /** Removes series; returns the new count. */
    int removeSeries(long id, Collection<String> seriesInstanceUids) throws StoreException;

    /** The series listed explicitly, in the order they were added. */
    List<String> series(long id) throws StoreException;
}
