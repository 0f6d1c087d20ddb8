package org.atrium.pacs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.atrium.pacs.ForwardItem;
import org.atrium.pacs.ImportItem;
import org.atrium.pacs.ImportMethod;
import org.atrium.pacs.ImportState;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state machine as the database enforces it: a cancel wins over a worker, restarts resume. */
class PacsTablesTest {

    @TempDir
    Path dir;

    PacsTables tables;
    DataSource dataSource;

    @BeforeEach
    void open() throws Exception {
        dataSource = dataSource();
        tables = new PacsTables(dataSource);
    }

    /** The database of this test. */
    DataSource dataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        return h2;
    }

    @Test
    void itemsRunFinishAndResume() throws Exception {
        long job = tables.createJob(
                "PACS", ImportMethod.MOVE, "me", List.of(new String[] {"StudyInstanceUID", "1.2.3"}, new String[] {
                    "AccessionNumber", "A1"
                }));
        List<ImportItem> items = tables.items(job);
        assertEquals(2, items.size());
        assertEquals("1.2.3", items.get(0).studyInstanceUid());
        assertEquals(null, items.get(1).studyInstanceUid());
        assertEquals(2, tables.due(System.currentTimeMillis(), 10).size());

        long first = items.get(0).id();
        assertTrue(tables.transition(first, ImportState.QUEUED, ImportState.RUNNING, "running"));
        assertFalse(tables.transition(first, ImportState.QUEUED, ImportState.RUNNING, "twice"), "claimed once");
        assertEquals(1, tables.due(System.currentTimeMillis(), 10).size());

        // a restart: the running item is queued again, with what it had achieved
        tables.progress(first, "1.2.3", 10, 4, 4, "halfway");
        assertEquals(1, tables.resumeRunning());
        ImportItem resumed = tables.item(first).orElseThrow();
        assertEquals(ImportState.QUEUED, resumed.state());
        assertEquals(4, resumed.received());

        assertTrue(tables.transition(first, ImportState.QUEUED, ImportState.RUNNING, null));
        assertTrue(tables.finish(first, ImportState.COMPLETE, "1.2.3", 10, 10, 10, 0, 0, 1, 0, "done", 0));
        assertEquals(ImportState.COMPLETE, tables.item(first).orElseThrow().state());
        assertThrows(
                IllegalStateException.class,
                () -> tables.transition(first, ImportState.COMPLETE, ImportState.QUEUED, null));
    }

    @Test
    void cancelWinsOverTheWorkersResult() throws Exception {
        long job = tables.createJob(
                "PACS", ImportMethod.GET, "me", List.<String[]>of(new String[] {"StudyInstanceUID", "1.2.3"}));
        long item = tables.items(job).get(0).id();
        tables.transition(item, ImportState.QUEUED, ImportState.RUNNING, null);
        assertEquals(1, tables.cancel(job));
        assertFalse(tables.finish(item, ImportState.COMPLETE, "1.2.3", 1, 1, 1, 0, 0, 1, 0, "done", 0));
        assertEquals(ImportState.CANCELLED, tables.item(item).orElseThrow().state());
        assertEquals(1, tables.retry(job));
        assertEquals(ImportState.QUEUED, tables.item(item).orElseThrow().state());
    }

    @Test
    void retryingItemsWaitForTheirTime() throws Exception {
        long job = tables.createJob(
                "PACS", ImportMethod.MOVE, "me", List.<String[]>of(new String[] {"StudyInstanceUID", "1.2.3"}));
        long item = tables.items(job).get(0).id();
        tables.transition(item, ImportState.QUEUED, ImportState.RUNNING, null);
        long later = System.currentTimeMillis() + 60_000;
        tables.finish(item, ImportState.RETRYING, "1.2.3", 5, 2, 2, 3, 0, 1, 0xB000, "3 failed", later);
        assertEquals(0, tables.due(System.currentTimeMillis(), 10).size());
        assertEquals(1, tables.due(later, 10).size());
    }

    @Test
    void forwardingQueueKeepsEachObjectOncePerNode() throws Exception {
        assertEquals(2, tables.enqueue("ORTHANC", List.of("1.1", "1.2", "1.1"), "test"));
        assertEquals(0, tables.enqueue("ORTHANC", List.of("1.1"), "test"));
        assertEquals(1, tables.enqueue("OTHER", List.of("1.1"), "test"));
        List<ForwardItem> due = tables.dueForwards(System.currentTimeMillis(), 10);
        assertEquals(3, due.size());
        tables.forwardFailed(due.get(0).id(), ForwardItem.State.FAILED, 8, 0xA700, "out of resources", 0);
        tables.forwarded(List.of(due.get(1).id()));
        assertEquals(1, tables.forwards(ForwardItem.State.FAILED, 10).size());
        assertEquals(1, tables.forwards(ForwardItem.State.QUEUED, 10).size());
        assertEquals(1, tables.retryForwards(List.of()));
        assertEquals(2, tables.forwards(ForwardItem.State.QUEUED, 10).size());
    }

    @Test
    void aRuleQueuesEachStoredObjectOnceAndForgetsWhatNoCatchUpReadsAgain() throws Exception {
        PacsTables.Received a = new PacsTables.Received("1.1", 1000);
        PacsTables.Received b = new PacsTables.Received("1.2", 2000);
        assertEquals(new PacsTables.RuleMark(500, 500), tables.ruleMark("rule:r", 500));
        assertEquals(new PacsTables.RuleMark(500, 500), tables.ruleMark("rule:r", 900), "kept, not made again");

        assertEquals(2, tables.enqueueForRule("rule:r", "PACS", List.of(a, b, a)));
        assertEquals(0, tables.enqueueForRule("rule:r", "PACS", List.of(b, a)));
        tables.forwarded(
                List.of(tables.forwards(ForwardItem.State.QUEUED, 10).get(0).id()));
        assertEquals(0, tables.enqueueForRule("rule:r", "PACS", List.of(a)), "sent already: not queued again");
        assertEquals(1, tables.forwards(ForwardItem.State.QUEUED, 10).size());
        // Stored again (replaced): a new object to the rule.
        assertEquals(1, tables.enqueueForRule("rule:r", "PACS", List.of(new PacsTables.Received("1.1", 3000))));
        assertEquals(2, tables.forwards(ForwardItem.State.QUEUED, 10).size());
        assertEquals(1, tables.enqueueForRule("rule:other", "PACS", List.of(b)), "each rule on its own");
        assertEquals(2, tables.forwards(ForwardItem.State.QUEUED, 10).size(), "but queued once per node");

        tables.ruleScanned("rule:r", 4000, 2500);
        assertEquals(new PacsTables.RuleMark(4000, 500), tables.ruleMark("rule:r", 0));
        assertEquals(1, tables.enqueueForRule("rule:r", "PACS", List.of(b)), "seen before 2500: forgotten");
        assertEquals(0, tables.enqueueForRule("rule:r", "PACS", List.of(new PacsTables.Received("1.1", 3000))));

        tables.forgetRule("rule:r");
        assertEquals(new PacsTables.RuleMark(7000, 7000), tables.ruleMark("rule:r", 7000));
    }
}
