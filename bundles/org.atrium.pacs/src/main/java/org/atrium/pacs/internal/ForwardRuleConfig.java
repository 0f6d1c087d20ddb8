package org.atrium.pacs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One forwarding rule: factory PID {@value ForwardRule#FACTORY_PID}. */
@ObjectClassDefinition(
        name = "Atrium forwarding rule",
        description = "Forwards newly stored objects that match to a destination node.")
public @interface ForwardRuleConfig {

    @AttributeDefinition(description = "Destination node (name or AE title of a configured node).")
    String destination();

    @AttributeDefinition(
            description = "Forward objects whose ingest source starts with this, e.g. workflow: for algorithm results;"
                    + " empty: any source.")
    String sourcePrefix() default "";

    @AttributeDefinition(description = "Forward only objects of series in this dataset; -1: any series.")
    long datasetId() default -1;

    int DEFAULT_CATCH_UP_SECONDS = 60;

    @AttributeDefinition(
            description = "How often the rule reads the store for objects stored without being queued (events lost"
                    + " when the platform stopped between storing and queueing); it also does at start.",
            min = "1")
    int catchUpSeconds() default DEFAULT_CATCH_UP_SECONDS;
}
