package org.atrium.search.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Atrium metadata search",
        description = "Indexing of the research store into Solr, and search over it.")
public @interface SearchConfig {

    String PID = "org.atrium.search";
    int DEFAULT_BATCH_SIZE = 200;
    int DEFAULT_COMMIT_WITHIN_MS = 1000;
    int DEFAULT_TIMEOUT_MS = 30_000;

    @AttributeDefinition(
            description =
                    "Folder of the outbox (studies waiting to be indexed); empty: ${atrium.data}/search/outbox, else ${karaf.data}/atrium/search/outbox")
    String outboxDirectory() default "";

    @AttributeDefinition(description = "Studies sent to Solr in one request")
    int batchSize() default DEFAULT_BATCH_SIZE;

    @AttributeDefinition(description = "Solr makes new documents searchable within this many milliseconds")
    int commitWithinMs() default DEFAULT_COMMIT_WITHIN_MS;

    @AttributeDefinition(description = "Timeout of one request to Solr, in milliseconds")
    int requestTimeoutMs() default DEFAULT_TIMEOUT_MS;
}
