package org.atrium.pacs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link ForwardingEngine} (PID {@value ForwardingEngine#PID}). */
@ObjectClassDefinition(name = "Atrium forwarding", description = "The C-STORE queue towards remote nodes.")
public @interface ForwardingConfig {

    int DEFAULT_BATCH_SIZE = 100;
    int DEFAULT_MAX_ATTEMPTS = 8;
    int DEFAULT_RETRY_INITIAL_SECONDS = 5;
    int DEFAULT_RETRY_MAX_SECONDS = 600;

    @AttributeDefinition(description = "Objects sent over one association.", min = "1")
    int batchSize() default DEFAULT_BATCH_SIZE;

    @AttributeDefinition(
            description = "Attempts for an object the node refuses (a failure status) before it is listed as failed."
                    + " An unreachable node never makes objects fail: they wait.",
            min = "1")
    int maxAttempts() default DEFAULT_MAX_ATTEMPTS;

    @AttributeDefinition(
            description = "Wait after the first failed attempt; doubled after each further one.",
            min = "1")
    int retryInitialSeconds() default DEFAULT_RETRY_INITIAL_SECONDS;

    @AttributeDefinition(description = "Longest wait between attempts.", min = "1")
    int retryMaxSeconds() default DEFAULT_RETRY_MAX_SECONDS;
}
