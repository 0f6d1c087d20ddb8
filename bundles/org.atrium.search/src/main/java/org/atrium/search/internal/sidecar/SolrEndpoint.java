package org.atrium.search.internal.sidecar;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where Solr answers, registered as a service only while it does: the local sidecar node (one
 * base URL) or the configured external nodes.
 *
 * @param baseUrls node URLs ending in {@code /solr}, e.g. {@code http://127.0.0.1:8983/solr}; may be
 *     empty when {@code zkHost} is given
 * @param collection the core (standalone) or collection (SolrCloud) holding Atrium's documents
 * @param zkHost ZooKeeper connection string of the SolrCloud cluster, whose live nodes are then used
 *     instead of {@code baseUrls}; empty when not known
 * @param layout how to create the collection when the nodes are a SolrCloud that lacks it
 */
public record SolrEndpoint(List<String> baseUrls, String collection, String zkHost, CloudLayout layout) {

    /**
     * The SolrCloud collection Atrium creates when it is missing.
     *
     * @param configSetDirectory Atrium's configset on this machine (holding {@code conf/}), uploaded
     *     when the cluster does not have {@code configName} yet
     * @param configName the configset's name in the cluster
     * @param numShards shards of a new collection
     * @param replicationFactor replicas of each shard of a new collection
     */
    public record CloudLayout(Path configSetDirectory, String configName, int numShards, int replicationFactor) {

        public static final int DEFAULT_NUM_SHARDS = 2;

        public CloudLayout {
            Objects.requireNonNull(configSetDirectory, "configSetDirectory");
            Objects.requireNonNull(configName, "configName");
            if (numShards < 1 || replicationFactor < 1) {
                throw new IllegalArgumentException("numShards and replicationFactor must be at least 1");
            }
        }

        /** Atrium's configset under a Solr home laid out as the distribution's {@code solr/}. */
        public static CloudLayout of(Path solrHome, String configName, int numShards, int replicationFactor) {
            return new CloudLayout(
                    solrHome.resolve("configsets").resolve(configName), configName, numShards, replicationFactor);
        }
    }

    public SolrEndpoint {
        baseUrls = List.copyOf(baseUrls);
        zkHost = zkHost == null ? "" : zkHost;
        if (baseUrls.isEmpty() && zkHost.isBlank()) {
            throw new IllegalArgumentException("at least one Solr base URL or ZooKeeper hosts");
        }
        Objects.requireNonNull(collection, "collection");
    }

    /** An endpoint whose collection, if any is missing, nobody here creates. */
    public SolrEndpoint(List<String> baseUrls, String collection, String zkHost) {
        this(baseUrls, collection, zkHost, null);
    }

    /** The first node, for messages about the endpoint as a whole. Requests go to any of them. */
    public String baseUrl() {
        return baseUrls.isEmpty() ? "zk:" + zkHost : baseUrls.get(0);
    }
}
