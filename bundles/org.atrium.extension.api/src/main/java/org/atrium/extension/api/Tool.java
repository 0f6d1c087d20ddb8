package org.atrium.extension.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An application a user launches on a series or dataset (for example a desktop workstation
 * program): register an instance as an OSGi service.
 */
@ConsumerType
public interface Tool {

    ToolDescriptor descriptor();

    /**
     * Starts the tool on {@link ToolContext#inputs()}. When something the tool needs is missing
     * (an executable not installed or not configured), throw an {@link IllegalStateException}
     * whose message tells the user exactly what is missing.
     */
    ToolSession launch(ToolContext context) throws Exception;
}
