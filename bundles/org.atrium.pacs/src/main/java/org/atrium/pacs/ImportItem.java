package org.atrium.pacs;

import java.time.Instant;

/**
 * One study of an import.
 *
 * @param id item id
 * @param keyType {@code StudyInstanceUID} or {@code AccessionNumber}: what the user gave
 * @param key the value given
 * @param studyInstanceUid the study, once known
 * @param state where it is
 * @param expected instances the node lists for the study (-1 while unknown)
 * @param received instances of the study in the research store
 * @param completed completed sub-operations reported by the node (all attempts)
 * @param failed failed sub-operations of the last attempt
 * @param warning sub-operations with warnings of the last attempt
 * @param attempts attempts so far
 * @param status the last DICOM status (-1 when none)
 * @param message what happened last, in words
 * @param nextAttempt when a {@link ImportState#RETRYING} item is tried again
 * @param updated last change
 */
public record ImportItem(
        long id,
        String keyType,
        String key,
        String studyInstanceUid,
        ImportState state,
        int expected,
        int received,
        int completed,
        int failed,
        int warning,
        int attempts,
        int status,
        String message,
        Instant nextAttempt,
        Instant updated) {}
