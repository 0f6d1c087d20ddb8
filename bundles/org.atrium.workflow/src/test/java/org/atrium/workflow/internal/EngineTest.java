package org.atrium.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.InputConstraints;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.Resources;
import org.atrium.extension.api.RunContext;
import org.atrium.workflow.Job;
import org.atrium.workflow.JobFilter;
import org.atrium.workflow.JobState;
import org.atrium.workflow.Workflow;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowRequest;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"mode\":{\"type\":\"string\","
            + "\"enum\":[\"ok\",\"output\",\"fail\",\"oom\",\"hang\"],\"default\":\"ok\"}}}";

    @TempDir
    Path dir;

    final List<Algorithm> installed = new CopyOnWriteArrayList<>();
    final FakeIo io = new FakeIo();
    final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(Engine::close);
    }

    /** The database of this test; one per test, the same for every engine a test starts. */
    DataSource dataSource() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    Engine engine(int slots, int gpus) throws Exception {
        DataSource ds = dataSource();
        AlgorithmLookup lookup = new AlgorithmLookup() {
            @Override
            public Optional<Algorithm> find(String id, String version) {
                return installed.stream()
                        .filter(a -> a.descriptor().id().equals(id)
                                && a.descriptor().version().equals(version))
                        .findFirst();
            }

            @Override
            public List<Algorithm> versions(String id) {
                return installed.stream()
                        .filter(a -> a.descriptor().id().equals(id))
                        .toList();
            }
        };
        Engine engine = new Engine(
                new JobTable(ds),
                lookup,
                io,
                new ResourcePool(slots, 4096, gpus),
                Duration.ofMinutes(90),
                dir.resolve("work"));
        engines.add(engine);
        engine.recover();
        return engine;
    }

    Algorithm algorithm(String version, boolean gpu) {
        AlgorithmDescriptor descriptor = new AlgorithmDescriptor(
                "test.algo",
                version,
                "tests",
                "Test",
                null,
                InputConstraints.modalities("CT"),
                SCHEMA,
                new Resources(1, 100, gpu),
                AlgorithmDescriptor.Scope.SERIES);
        return new Algorithm() {
            @Override
            public AlgorithmDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public void run(RunContext context) throws Exception {
                context.log("hello " + context.inputs().get(0).seriesInstanceUid());
                switch ((String) context.parameters().get("mode")) {
                    case "output" -> {
                        Path file = context.workDir().resolve("out.dcm");
                        Files.writeString(file, "result-of-" + context.jobId());
                        context.output().add(file);
                    }
                    case "fail" -> throw new IllegalStateException("failed on purpose");
                    case "oom" -> throw new OutOfMemoryError("Java heap space");
                    case "hang" -> {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            io.sawCancelled.add(context.cancelled());
                            throw e;
                        }
                    }
                    default -> {}
                }
            }
        };
    }

    WorkflowRequest request(String mode, Duration timeout, String... series) {
        return new WorkflowRequest("test.algo", null, Map.of("mode", mode), null, List.of(series), timeout, "tester");
    }

    static Job await(Engine engine, long jobId, JobState state) throws Exception {
        for (int i = 0; i < 200; i++) {
            Job job = engine.job(jobId).orElseThrow();
            if (job.state() == state) {
                return job;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("job " + jobId + " is " + engine.job(jobId).orElseThrow() + ", not " + state);
    }

    long jobOf(Engine engine, Workflow workflow, int index) throws Exception {
        List<Job> jobs = new ArrayList<>(engine.jobs(new JobFilter(null, workflow.id(), 0)));
        jobs.sort((a, b) -> Long.compare(a.id(), b.id()));
        return jobs.get(index).id();
    }

    @Test
    void oneJobPerAcceptedSeriesAndResultsStored() throws Exception {
        installed.add(algorithm("1.0", false));
        Engine engine = engine(2, 0);
        Workflow workflow = engine.start(request("output", null, "ct.1", "mr.1", "ct.2", "gone.1"));
        assertEquals(2, workflow.notes().size(), workflow.notes().toString());
        assertTrue(workflow.notes().get(0).contains("does not accept modality MR"));
        assertTrue(workflow.notes().get(1).contains("not in the store"));
        Job first = await(engine, jobOf(engine, workflow, 0), JobState.SUCCEEDED);
        Job second = await(engine, jobOf(engine, workflow, 1), JobState.SUCCEEDED);
        assertEquals(List.of("ct.1"), first.series());
        assertEquals(List.of("ct.2"), second.series());
        assertEquals(1, first.outputs().size());
        assertEquals("1.0", first.algorithmVersion());
        assertEquals(64, first.parameterHash().length());
        assertTrue(engine.log(first.id()).stream().anyMatch(l -> l.line().equals("hello ct.1")));
        assertTrue(io.events.contains(first.id() + " RUNNING") && io.events.contains(first.id() + " SUCCEEDED"));
    }

    @Test
    void invalidParametersCreateNothing() throws Exception {
        installed.add(algorithm("1.0", false));
        Engine engine = engine(2, 0);
        WorkflowException e = assertThrows(WorkflowException.class, () -> engine.start(request("maybe", null, "ct.1")));
        assertEquals(WorkflowException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("'mode' must be one of"), e.getMessage());
        assertEquals(List.of(), engine.workflows());
        assertEquals(
                WorkflowException.Reason.NOT_FOUND,
                assertThrows(
                                WorkflowException.class,
                                () -> engine.start(
                                        new WorkflowRequest("nope", null, null, null, List.of("ct.1"), null, "")))
                        .reason());
    }

    @Test
    void throwingAndOutOfMemoryFailTheirJobOnly() throws Exception {
        installed.add(algorithm("1.0", false));
        Engine engine = engine(2, 0);
        Job failed = await(engine, jobOf(engine, engine.start(request("fail", null, "ct.1")), 0), JobState.FAILED);
        assertEquals("failed on purpose", failed.reason());
        assertEquals(List.of(), failed.outputs());
        Job oom = await(engine, jobOf(engine, engine.start(request("oom", null, "ct.1")), 0), JobState.FAILED);
        assertTrue(oom.reason().startsWith("ran out of memory"), oom.reason());
        await(engine, jobOf(engine, engine.start(request("output", null, "ct.2")), 0), JobState.SUCCEEDED);
        assertEquals(1, io.stored.size());
    }

    @Test
    void invalidResultsFailTheJob() throws Exception {
        installed.add(algorithm("1.0", false));
        io.refuse = true;
        Engine engine = engine(1, 0);
        Job job = await(engine, jobOf(engine, engine.start(request("output", null, "ct.1")), 0), JobState.FAILED);
        assertTrue(job.reason().contains("not valid DICOM"), job.reason());
        assertEquals(List.of(), io.stored);
    }

    @Test
    void timeoutInterruptsAndFails() throws Exception {
        installed.add(algorithm("1.0", false));
        Engine engine = engine(1, 0);
        Workflow workflow = engine.start(request("hang", Duration.ofMillis(300), "ct.1"));
        Job job = await(engine, jobOf(engine, workflow, 0), JobState.FAILED);
        assertEquals("timed out after 300 ms", job.reason());
        for (int i = 0; i < 100 && io.sawCancelled.isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertEquals(List.of(true), io.sawCancelled);
    }

    @Test
    void cancelQueuedAndRunningThenRetry() throws Exception {
        installed.add(algorithm("1.0", false));
        Engine engine = engine(1, 0);
        Workflow workflow = engine.start(request("hang", null, "ct.1", "ct.2"));
        long running = jobOf(engine, workflow, 0);
        long queued = jobOf(engine, workflow, 1);
        await(engine, running, JobState.RUNNING);
        assertEquals(JobState.QUEUED, engine.job(queued).orElseThrow().state());
        assertEquals(JobState.CANCELLED, engine.cancel(queued, "not needed").state());
        assertEquals(JobState.CANCELLED, engine.cancel(running, "stop").state());
        assertThrows(WorkflowException.class, () -> engine.cancel(running, "again"));
        Job retried = engine.retry(running);
        assertEquals(2, retried.attempt());
        await(engine, running, JobState.RUNNING);
        assertThrows(WorkflowException.class, () -> engine.retry(running), "a running job is not retried");
        engine.cancel(running, "done");
    }

    @Test
    void restartQueuesRunningJobsAgain() throws Exception {
        installed.add(algorithm("1.0", false));
        Engine first = engine(1, 0);
        Workflow workflow = first.start(request("hang", null, "ct.1", "ct.2"));
        long running = jobOf(first, workflow, 0);
        long queued = jobOf(first, workflow, 1);
        await(first, running, JobState.RUNNING);
        first.close();
        assertEquals(JobState.RUNNING, first.job(running).orElseThrow().state(), "a stop records no end");

        Engine second = engine(1, 0);
        Job again = await(second, running, JobState.RUNNING);
        assertEquals(2, again.attempt());
        assertTrue(second.log(running).stream().anyMatch(l -> l.line().contains("platform stopped")));
        assertEquals(JobState.QUEUED, second.job(queued).orElseThrow().state());
        second.cancel(running, "done");
        await(second, queued, JobState.RUNNING);
        second.cancel(queued, "done");
    }

    @Test
    void gpuJobsWaitWithAReasonAndRerunNeedsTheVersion() throws Exception {
        installed.add(algorithm("1.0", true));
        Engine engine = engine(2, 0);
        Workflow workflow = engine.start(request("ok", null, "ct.1"));
        Job job = engine.job(jobOf(engine, workflow, 0)).orElseThrow();
        assertEquals(JobState.QUEUED, job.state());
        assertTrue(job.message().contains("needs a GPU and none is configured"), job.message());

        installed.clear();
        installed.add(algorithm("2.0", false));
        WorkflowException e = assertThrows(WorkflowException.class, () -> engine.rerun(workflow.id(), "me"));
        assertTrue(e.getMessage().contains("version 1.0 is no longer installed"), e.getMessage());
        engine.cancel(job.id(), "never mind");
    }

    static final class FakeIo implements JobIo {
        final List<String> stored = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Boolean> sawCancelled = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        @Override
        public Map<String, SeriesInfo> describe(List<String> seriesUids) {
            Map<String, SeriesInfo> out = new java.util.HashMap<>();
            for (String uid : seriesUids) {
                if (uid.startsWith("ct.")) {
                    out.put(uid, new SeriesInfo("CT", "1.2.840.10008.5.1.4.1.1.2"));
                } else if (uid.startsWith("mr.")) {
                    out.put(uid, new SeriesInfo("MR", "1.2.840.10008.5.1.4.1.1.4"));
                }
            }
            return out;
        }

        @Override
        public List<String> datasetSeries(long datasetId) {
            return List.of();
        }

        @Override
        public InputSeries input(String seriesUid) {
            return new InputSeries("P", "1.2.3", seriesUid, "CT", List.of());
        }

        @Override
        public List<String> store(long jobId, List<String> sourceSeries, List<Path> files) throws Exception {
            List<String> uids = new ArrayList<>();
            for (Path file : files) {
                if (refuse) {
                    throw new IllegalStateException("result " + file.getFileName() + " is not valid DICOM: refused");
                }
                uids.add(Files.readString(file));
            }
            stored.addAll(uids);
            return uids;
        }

        @Override
        public String forward(List<String> sopInstanceUids, Consumer<String> log) {
            return null;
        }

        @Override
        public void changed(long jobId, long workflowId, String algorithmId, JobState state, double progress) {
            events.add(jobId + " " + state);
        }

        @Override
        public DicomFiles dicom() {
            return null;
        }

        @Override
        public DicomImages images() {
            return null;
        }
    }

    static final Set<JobState> FINISHED = Set.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);
}
