package org.atrium.workflow.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Atrium workflow trigger",
        description = "Starts a workflow on every new series that matches a query")
public @interface TriggerConfig {

    String FACTORY_PID = "org.atrium.workflow.trigger";

    @AttributeDefinition(description = "Algorithm id")
    String algorithm();

    @AttributeDefinition(description = "Algorithm version; empty: the newest installed")
    String version() default "";

    @AttributeDefinition(description = "Parameters as a JSON object")
    String parameters() default "{}";

    @AttributeDefinition(description = "Series query in the search syntax, e.g. Modality:CT AND BodyPartExamined:CHEST")
    String query();

    @AttributeDefinition(description = "Seconds to keep asking the search index for a series it has not indexed yet")
    int indexWaitSeconds() default 60;
}
