package org.atrium.pacs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atrium.pacs.ImportJob;
import org.atrium.pacs.ImportState;
import org.junit.jupiter.api.Test;

class ImportStateTest {

    @Test
    void transitions() {
        assertTrue(ImportState.QUEUED.canMoveTo(ImportState.RUNNING));
        assertTrue(ImportState.RUNNING.canMoveTo(ImportState.COMPLETE));
        assertTrue(ImportState.RUNNING.canMoveTo(ImportState.RETRYING));
        assertTrue(ImportState.RUNNING.canMoveTo(ImportState.QUEUED));
        assertTrue(ImportState.RETRYING.canMoveTo(ImportState.RUNNING));
        assertTrue(ImportState.FAILED.canMoveTo(ImportState.QUEUED));
        assertTrue(ImportState.CANCELLED.canMoveTo(ImportState.QUEUED));
        // nothing skips RUNNING on the way to COMPLETE, and COMPLETE is final
        assertFalse(ImportState.QUEUED.canMoveTo(ImportState.COMPLETE));
        assertFalse(ImportState.RETRYING.canMoveTo(ImportState.COMPLETE));
        assertFalse(ImportState.FAILED.canMoveTo(ImportState.COMPLETE));
        for (ImportState next : ImportState.values()) {
            assertFalse(ImportState.COMPLETE.canMoveTo(next));
        }
    }

    @Test
    void jobStateSummarisesItems() {
        assertEquals(ImportState.QUEUED, ImportJob.summarise(List.of(ImportState.QUEUED, ImportState.QUEUED)));
        assertEquals(ImportState.RUNNING, ImportJob.summarise(List.of(ImportState.QUEUED, ImportState.RUNNING)));
        assertEquals(ImportState.RUNNING, ImportJob.summarise(List.of(ImportState.COMPLETE, ImportState.RETRYING)));
        assertEquals(ImportState.FAILED, ImportJob.summarise(List.of(ImportState.COMPLETE, ImportState.FAILED)));
        assertEquals(ImportState.CANCELLED, ImportJob.summarise(List.of(ImportState.COMPLETE, ImportState.CANCELLED)));
        assertEquals(ImportState.COMPLETE, ImportJob.summarise(List.of(ImportState.COMPLETE, ImportState.COMPLETE)));
    }
}
