package org.atrium.extension.api;

import org.osgi.annotation.versioning.ConsumerType;

/** A launched tool. */
@ConsumerType
public interface ToolSession extends AutoCloseable {

    /** A line for the user: what was started, where its files are. */
    String status();

    /** Whether the tool still runs. */
    boolean alive();

    /** Stops watching and releases what the launch holds; the tool's own program may go on. */
    @Override
    void close();
}
