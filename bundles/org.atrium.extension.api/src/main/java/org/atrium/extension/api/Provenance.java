package org.atrium.extension.api;

/**
 * Where a result comes from. Writers of result objects put it into each object (Contributing
 * Equipment Sequence, SR observation context), and the job record keeps it too.
 *
 * @param parameterHash SHA-256 (hex) of the canonical JSON of the parameters
 */
public record Provenance(String algorithmId, String algorithmVersion, String parameterHash, String jobId) {}
