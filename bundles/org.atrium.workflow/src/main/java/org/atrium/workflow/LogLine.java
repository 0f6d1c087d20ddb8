package org.atrium.workflow;

import java.time.Instant;

/** A line of a job's log. */
public record LogLine(Instant at, String line) {}
