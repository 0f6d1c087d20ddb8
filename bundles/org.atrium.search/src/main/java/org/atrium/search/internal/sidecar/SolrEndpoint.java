package org.atrium.search.internal.sidecar;

import java.util.List;
import java.util.Objects;

/**
 * Where Solr answers, registered as a service only while it does: the local sidecar node (one
 * base URL) or the configured external nodes.
 *
 * @param baseUrls node URLs ending in {@code /solr}, e.g. {@code http://127.0.0.1:8983/solr}
 * @param collection the core (standalone) or collection (SolrCloud) holding Atrium's documents
 * @param zkHost ZooKeeper connection string for SolrCloud clients; empty when not known
 */
public record SolrEndpoint(List<String> baseUrls, String collection, String zkHost) {

    public SolrEndpoint {
        baseUrls = List.copyOf(baseUrls);
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one Solr base URL");
        }
        Objects.requireNonNull(collection, "collection");
        zkHost = zkHost == null ? "" : zkHost;
    }

    /** The first node, the one to talk to when there is no reason to pick another. */
    public String baseUrl() {
        return baseUrls.get(0);
    }
}
