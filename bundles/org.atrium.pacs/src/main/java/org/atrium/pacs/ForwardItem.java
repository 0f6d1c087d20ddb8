package org.atrium.pacs;

import java.time.Instant;

/**
 * One object waiting to be sent, or given up on.
 *
 * @param id queue entry id
 * @param node destination node name
 * @param sopInstanceUid the object
 * @param state QUEUED (waiting or retrying) or FAILED
 * @param attempts attempts so far
 * @param status last DICOM status, -1 when none
 * @param message last failure in words
 * @param nextAttempt when it is tried next
 * @param source why it was queued: a rule name, {@code api}, {@code console}
 * @param created when it was queued
 */
public record ForwardItem(
        long id,
        String node,
        String sopInstanceUid,
        State state,
        int attempts,
        int status,
        String message,
        Instant nextAttempt,
        String source,
        Instant created) {

    public enum State {
        QUEUED,
        FAILED
    }
}
