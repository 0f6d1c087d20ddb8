package org.atrium.store;

import java.time.Instant;

/** An instance as the index knows it. {@code relativePath} is relative to the store's root. */
public record InstanceRecord(
        String sopInstanceUid,
        String sopClassUid,
        String seriesInstanceUid,
        String studyInstanceUid,
        String patientKey,
        Integer instanceNumber,
        String transferSyntaxUid,
        String relativePath,
        long size,
        Instant receivedAt,
        String source) {}
