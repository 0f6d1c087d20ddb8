package org.atrium.search.internal.sidecar;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Atrium Solr",
        description =
                "Where the search index lives: a Solr node the platform runs (EMBEDDED) or existing Solr nodes (EXTERNAL).")
@interface SolrSidecarConfig {

    String PID = "org.atrium.search.solr";
    int DEFAULT_PORT = 8983;
    String DEFAULT_HEAP = "512m";
    String DEFAULT_COLLECTION = "atrium";
    String DEFAULT_CONFIG_SET = "atrium";
    int DEFAULT_NUM_SHARDS = SolrEndpoint.CloudLayout.DEFAULT_NUM_SHARDS;
    int DEFAULT_REPLICATION_FACTOR = 1;
    int DEFAULT_START_TIMEOUT_SECONDS = 120;
    int DEFAULT_STOP_TIMEOUT_SECONDS = 30;

    enum Mode {
        /** A Solr node in a child JVM on 127.0.0.1, started, watched and stopped with the platform. */
        EMBEDDED,
        /** Solr nodes run by someone else, given by their URLs or their cluster's ZooKeeper hosts. */
        EXTERNAL
    }

    Mode mode() default Mode.EMBEDDED;

    @AttributeDefinition(
            description = "EMBEDDED: the node's port on 127.0.0.1 (embedded ZooKeeper, if any, takes port + 1000).")
    int port() default DEFAULT_PORT;

    @AttributeDefinition(description = "EMBEDDED: maximum Java heap of the node (-Xmx).")
    String heap() default DEFAULT_HEAP;

    @AttributeDefinition(
            description =
                    "Solr home with solr.xml, configsets/ and jars/; empty means ${karaf.home}/solr. EXTERNAL: only"
                            + " configsets/<configSet> is used, uploaded to a SolrCloud that lacks the collection.")
    String home() default "";

    @AttributeDefinition(
            description =
                    "EMBEDDED: cores and indexes; empty means ${atrium.data}/solr if atrium.data is set, else ${karaf.data}/solr.")
    String data() default "";

    @AttributeDefinition(
            description = "EMBEDDED: the Java installation that runs the node; empty means the platform's own.")
    String javaHome() default "";

    @AttributeDefinition(description = "EMBEDDED: further JVM options for the node, e.g. -XX:+AlwaysPreTouch.")
    String[] jvmOptions() default {};

    @AttributeDefinition(description = "EMBEDDED: seconds the node may take to answer before it is restarted.")
    int startTimeoutSeconds() default DEFAULT_START_TIMEOUT_SECONDS;

    @AttributeDefinition(description = "EMBEDDED: seconds between SIGTERM and a forced kill when stopping.")
    int stopTimeoutSeconds() default DEFAULT_STOP_TIMEOUT_SECONDS;

    @AttributeDefinition(
            description = "EXTERNAL: Solr node URLs, e.g. http://solr1:8983/solr: one standalone node, or any number of"
                    + " nodes of one SolrCloud cluster (requests are spread over them and go on to the next"
                    + " when one does not answer).")
    String[] urls() default {};

    @AttributeDefinition(
            description =
                    "ZooKeeper connection string of a SolrCloud cluster, host:port[,host:port...][/chroot]. Atrium"
                            + " reads the cluster's live nodes there and spreads its requests over them (urls, if"
                            + " given, serve only while ZooKeeper lists no live node). EMBEDDED: the node also joins"
                            + " that cluster (-DzkHost) instead of running standalone.")
    String zkHosts() default "";

    @AttributeDefinition(description = "Core or collection name.")
    String collection() default DEFAULT_COLLECTION;

    @AttributeDefinition(
            description = "SolrCloud: name of Atrium's configset in the cluster and under <home>/configsets/.")
    String configSet() default DEFAULT_CONFIG_SET;

    @AttributeDefinition(description = "SolrCloud: shards of the collection when Atrium creates it.")
    int numShards() default DEFAULT_NUM_SHARDS;

    @AttributeDefinition(description = "SolrCloud: replicas of each shard when Atrium creates the collection.")
    int replicationFactor() default DEFAULT_REPLICATION_FACTOR;
}
