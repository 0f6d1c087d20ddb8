package org.atrium.pacs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link ImportEngine} (PID {@value ImportEngine#PID}). */
@ObjectClassDefinition(
        name = "Atrium PACS imports",
        description = "How imports from remote nodes treat the clinical PACS.")
public @interface ImportConfig {

    int DEFAULT_MAX_PARALLEL_ASSOCIATIONS = 2;
    int DEFAULT_MAX_ATTEMPTS = 8;
    int DEFAULT_RETRY_INITIAL_SECONDS = 10;
    int DEFAULT_RETRY_MAX_SECONDS = 600;

    @AttributeDefinition(
            description = "Associations open at once towards remote nodes for imports (one per study being retrieved).",
            min = "1")
    int maxParallelAssociations() default DEFAULT_MAX_PARALLEL_ASSOCIATIONS;

    @AttributeDefinition(
            description = "Daily windows in which retrieves may start, e.g. 18:00-07:00, 12:00-13:00; empty: always.")
    String allowedWindows() default "";

    @AttributeDefinition(
            description = "C-MOVE destination: the AE title of our own listener, as the node knows it;"
                    + " empty: the platform's AE title (org.atrium.dicom aeTitle).")
    String moveDestination() default "";

    @AttributeDefinition(description = "Attempts per study before it is reported FAILED.", min = "1")
    int maxAttempts() default DEFAULT_MAX_ATTEMPTS;

    @AttributeDefinition(
            description = "Wait after the first failed attempt; doubled after each further one.",
            min = "1")
    int retryInitialSeconds() default DEFAULT_RETRY_INITIAL_SECONDS;

    @AttributeDefinition(description = "Longest wait between attempts.", min = "1")
    int retryMaxSeconds() default DEFAULT_RETRY_MAX_SECONDS;
}
