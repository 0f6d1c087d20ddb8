package org.atrium.pacs;

import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends objects of the research store to remote nodes by C-STORE through a persistent queue. An
 * unreachable node keeps its entries queued (exponential backoff, never dropped); objects the node
 * refuses are tried {@code maxAttempts} times, then listed by {@link #failed()} until retried.
 * Sent entries leave the queue.
 */
@ProviderType
public interface Forwarding {

    /**
     * Queues instances for a node; an instance already queued for it is queued once.
     *
     * @param source who asks (shown in the queue)
     * @return the number of entries added
     * @throws IllegalArgumentException for an unknown node
     */
    int enqueue(String node, Collection<String> sopInstanceUids, String source);

    /** Queues every instance of a series. */
    int enqueueSeries(String node, String seriesInstanceUid, String source);

    /**
     * Queues every instance of a dataset's series.
     *
     * @throws IllegalArgumentException for an unknown dataset, or one defined by a saved query
     */
    int enqueueDataset(String node, long datasetId, String source);

    /** Entries waiting to be sent (oldest first, at most {@code limit}). */
    List<ForwardItem> queue(int limit);

    /** Entries given up on (oldest first, at most {@code limit}). */
    List<ForwardItem> failed(int limit);

    /** Queues failed entries again with fresh attempts; no ids means all of them. Returns how many. */
    int retry(Collection<Long> ids);
}
