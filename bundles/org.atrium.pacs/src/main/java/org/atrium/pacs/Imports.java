package org.atrium.pacs;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Tracked imports from remote nodes into the research store, kept in the store's database. */
@ProviderType
public interface Imports {

    /**
     * Queues an import. Returns at once; items run as associations and the allowed time windows
     * permit, and resume after a restart.
     *
     * @throws IllegalArgumentException for an unknown node or an empty request
     */
    ImportJob create(ImportRequest request);

    /** The most recent jobs first, at most {@code limit}. */
    List<ImportJob> list(int limit);

    Optional<ImportJob> get(long id);

    /** Cancels the job's pending and running items; what arrived stays. */
    Optional<ImportJob> cancel(long id);

    /** Queues the job's failed and cancelled items again, with fresh attempts. */
    Optional<ImportJob> retry(long id);
}
