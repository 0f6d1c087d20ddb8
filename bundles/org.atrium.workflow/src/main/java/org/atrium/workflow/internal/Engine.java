package org.atrium.workflow.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.Resources;
import org.atrium.web.JsonReader;
import org.atrium.workflow.Job;
import org.atrium.workflow.JobFilter;
import org.atrium.workflow.JobState;
import org.atrium.workflow.LogLine;
import org.atrium.workflow.Workflow;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowException.Reason;
import org.atrium.workflow.WorkflowRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine without OSGi: cuts workflows into jobs, keeps them in the {@link JobTable},
 * and runs queued jobs first come first served among those whose algorithm is installed and whose
 * resources fit ({@link ResourcePool}); a job that does not fit does not hold up the ones behind
 * it. State changes happen under this object's lock; algorithms run on worker threads.
 *
 * <p>Restart policy: jobs the table says are running when the engine starts were cut off by a
 * platform stop or crash; they are queued again (a new attempt, with a log line). Nothing of them
 * was stored, since results are stored only after the algorithm returned.
 */
final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final long PROGRESS_WRITE_MS = 250;

    private final JobTable table;
    private final AlgorithmLookup algorithms;
    private final JobIo io;
    private final ResourcePool pool;
    private final Duration defaultTimeout;
    private final Path workRoot;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    private final LinkedHashSet<Long> queue = new LinkedHashSet<>();
    private final Map<Long, JobTable.JobSpec> queuedSpecs = new HashMap<>();
    private final Map<Long, String> waiting = new HashMap<>();
    private final Map<Long, Run> running = new HashMap<>();
    private volatile boolean closed;

    Engine(
            JobTable table,
            AlgorithmLookup algorithms,
            JobIo io,
            ResourcePool pool,
            Duration defaultTimeout,
            Path workRoot) {
        this.table = table;
        this.algorithms = algorithms;
        this.io = io;
        this.pool = pool;
        this.defaultTimeout = defaultTimeout;
        this.workRoot = workRoot;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "atrium-job-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atrium-workflow-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** At start: re-queues jobs a stop cut off, queues the queued ones, and starts what fits. */
    void recover() throws SQLException, IOException {
        deleteTree(workRoot);
        Files.createDirectories(workRoot);
        for (long id : table.ids(JobState.RUNNING)) {
            table.queued(id, true, "queued again: the platform restarted while it ran");
            log(id, "the platform stopped while this job ran; queued again (restart policy: re-queue)");
        }
        synchronized (this) {
            for (long id : table.ids(JobState.QUEUED)) {
                enqueue(id);
            }
        }
        dispatch();
    }

    // ---- requests

    Workflow start(WorkflowRequest request) throws WorkflowException {
        return start(request, null);
    }

    private Workflow start(WorkflowRequest request, String inputLabel) throws WorkflowException {
        Algorithm algorithm = algorithm(request.algorithmId(), request.algorithmVersion());
        AlgorithmDescriptor descriptor = algorithm.descriptor();
        Map<String, Object> parameters;
        try {
            parameters = ParameterSchema.parse(descriptor.parameterSchema()).validate(request.parameters());
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(
                    Reason.INVALID, "invalid parameters for " + descriptor.id() + ": " + e.getMessage());
        }
        List<String> series;
        String input;
        if (request.datasetId() != null) {
            series = io.datasetSeries(request.datasetId());
            input = "dataset " + request.datasetId();
        } else {
            series = List.copyOf(new LinkedHashSet<>(request.series()));
            input = series.size() == 1 ? "series " + series.get(0) : series.size() + " series";
        }
        if (inputLabel != null) {
            input = inputLabel;
        }
        if (series.isEmpty()) {
            throw new WorkflowException(Reason.INVALID, "no series to run on: give a dataset or series");
        }
        Map<String, JobIo.SeriesInfo> known = io.describe(series);
        List<String> accepted = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String uid : series) {
            JobIo.SeriesInfo info = known.get(uid);
            if (info == null) {
                notes.add("skipped " + uid + ": not in the store");
            } else if (!descriptor.inputs().accepts(info.modality(), info.sopClassUid())) {
                notes.add("skipped " + uid + ": " + descriptor.id() + " does not accept modality " + info.modality()
                        + " / SOP class " + info.sopClassUid());
            } else {
                accepted.add(uid);
            }
        }
        if (accepted.isEmpty()) {
            throw new WorkflowException(
                    Reason.INVALID,
                    "none of the " + series.size() + " series can be run: "
                            + String.join("; ", notes.subList(0, Math.min(3, notes.size()))));
        }
        List<List<String>> jobs = descriptor.scope() == AlgorithmDescriptor.Scope.DATASET
                ? List.of(accepted)
                : accepted.stream().map(List::of).toList();
        Duration timeout = request.timeout() == null ? defaultTimeout : request.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new WorkflowException(Reason.INVALID, "the timeout must be positive");
        }
        String canonical = CanonicalJson.write(parameters);
        long[] ids;
        try {
            ids = table.create(
                    new JobTable.NewWorkflow(
                            descriptor.id(),
                            descriptor.version(),
                            canonical,
                            CanonicalJson.sha256(canonical),
                            input,
                            request.owner(),
                            timeout,
                            notes),
                    jobs,
                    Instant.now());
            synchronized (this) {
                for (int i = 1; i < ids.length; i++) {
                    enqueue(ids[i]);
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        for (int i = 1; i < ids.length; i++) {
            io.changed(ids[i], ids[0], descriptor.id(), JobState.QUEUED, 0);
        }
        dispatch();
        return workflow(ids[0]).orElseThrow();
    }

    private Algorithm algorithm(String id, String version) throws WorkflowException {
        List<Algorithm> versions = algorithms.versions(id);
        if (versions.isEmpty()) {
            throw new WorkflowException(Reason.NOT_FOUND, "no algorithm '" + id + "' is installed");
        }
        if (version == null || version.isBlank()) {
            return versions.get(0);
        }
        return algorithms
                .find(id, version)
                .orElseThrow(() -> new WorkflowException(
                        Reason.CONFLICT,
                        "algorithm " + id + " version " + version + " is not installed (installed: "
                                + String.join(
                                        ", ",
                                        versions.stream()
                                                .map(a -> a.descriptor().version())
                                                .toList()) + ")"));
    }

    Job cancel(long jobId, String reason) throws WorkflowException {
        String why = reason == null || reason.isBlank() ? "cancelled" : reason;
        Run run;
        synchronized (this) {
            if (queue.remove(jobId)) {
                JobTable.JobSpec spec = queuedSpecs.remove(jobId);
                waiting.remove(jobId);
                try {
                    table.finished(jobId, JobState.CANCELLED, why, Instant.now(), List.of(), null);
                } catch (SQLException e) {
                    throw unavailable(e);
                }
                log(jobId, "cancelled while queued: " + why);
                io.changed(jobId, spec.workflowId(), spec.algorithmId(), JobState.CANCELLED, 0);
                return job(jobId).orElseThrow();
            }
            run = running.get(jobId);
        }
        if (run == null) {
            Job job = job(jobId).orElseThrow(() -> notFound("job", jobId));
            throw new WorkflowException(
                    Reason.CONFLICT, "job " + jobId + " is " + job.state() + ", not queued or running");
        }
        if (!stop(run, JobState.CANCELLED, why)) {
            throw new WorkflowException(Reason.CONFLICT, "job " + jobId + " is already finishing");
        }
        return job(jobId).orElseThrow();
    }

    Job retry(long jobId) throws WorkflowException {
        Job job = job(jobId).orElseThrow(() -> notFound("job", jobId));
        if (job.state() != JobState.FAILED && job.state() != JobState.CANCELLED) {
            throw new WorkflowException(
                    Reason.CONFLICT,
                    "only failed or cancelled jobs can be retried; job " + jobId + " is " + job.state());
        }
        algorithm(job.algorithmId(), job.algorithmVersion());
        try {
            synchronized (this) {
                if (queue.contains(jobId) || running.containsKey(jobId)) {
                    throw new WorkflowException(Reason.CONFLICT, "job " + jobId + " is already queued again");
                }
                table.queued(jobId, true, "queued again (retry)");
                enqueue(jobId);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        log(jobId, "retry: attempt " + (job.attempt() + 1));
        io.changed(jobId, job.workflowId(), job.algorithmId(), JobState.QUEUED, 0);
        dispatch();
        return job(jobId).orElseThrow();
    }

    Workflow rerun(long workflowId, String owner) throws WorkflowException {
        Workflow workflow = workflow(workflowId).orElseThrow(() -> notFound("workflow", workflowId));
        if (algorithms.find(workflow.algorithmId(), workflow.algorithmVersion()).isEmpty()) {
            throw new WorkflowException(
                    Reason.CONFLICT,
                    "cannot re-run workflow " + workflowId + ": algorithm " + workflow.algorithmId() + " version "
                            + workflow.algorithmVersion() + " is no longer installed");
        }
        List<String> series;
        try {
            series = table.workflowSeries(workflowId);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return start(
                new WorkflowRequest(
                        workflow.algorithmId(),
                        workflow.algorithmVersion(),
                        JsonReader.readObject(workflow.parameters()),
                        null,
                        series,
                        workflow.timeout(),
                        owner),
                "re-run of workflow " + workflowId);
    }

    /** Its algorithm went away: running jobs of that very service are cancelled. */
    void algorithmRemoved(Algorithm algorithm) {
        List<Run> affected;
        synchronized (this) {
            affected = running.values().stream()
                    .filter(r -> r.algorithm == algorithm)
                    .toList();
        }
        AlgorithmDescriptor d = algorithm.descriptor();
        for (Run run : affected) {
            stop(run, JobState.CANCELLED, "algorithm " + d.id() + " " + d.version() + " was uninstalled while it ran");
        }
    }

    // ---- queries

    Optional<Workflow> workflow(long id) throws WorkflowException {
        try {
            return table.workflows(id).stream().findFirst();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    List<Workflow> workflows() throws WorkflowException {
        try {
            return table.workflows(null);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    List<Job> jobs(JobFilter filter) throws WorkflowException {
        try {
            return table.jobs(filter, null);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    Optional<Job> job(long id) throws WorkflowException {
        try {
            return table.job(id);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    List<LogLine> log(long jobId) throws WorkflowException {
        try {
            if (table.job(jobId).isEmpty()) {
                throw notFound("job", jobId);
            }
            return table.log(jobId);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    // ---- scheduling

    private void enqueue(long jobId) throws SQLException {
        Optional<JobTable.JobSpec> spec = table.spec(jobId);
        if (spec.isPresent()) {
            queue.add(jobId);
            queuedSpecs.put(jobId, spec.get());
        }
    }

    /** Starts every queued job, oldest first, whose algorithm is installed and whose needs fit now. */
    void dispatch() {
        List<Run> started = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            for (var it = queue.iterator(); it.hasNext() && pool.freeSlots() > 0; ) {
                long id = it.next();
                JobTable.JobSpec spec = queuedSpecs.get(id);
                Optional<Algorithm> algorithm = algorithms.find(spec.algorithmId(), spec.algorithmVersion());
                if (algorithm.isEmpty()) {
                    note(
                            id,
                            "waiting: algorithm " + spec.algorithmId() + " " + spec.algorithmVersion()
                                    + " is not installed");
                    continue;
                }
                Resources needs = algorithm.get().descriptor().resources();
                String never = pool.never(needs);
                if (never != null) {
                    note(id, never);
                    continue;
                }
                if (!pool.tryAcquire(needs)) {
                    continue;
                }
                it.remove();
                queuedSpecs.remove(id);
                waiting.remove(id);
                Run run = new Run(spec, algorithm.get(), needs);
                try {
                    table.running(id, Instant.now());
                } catch (SQLException e) {
                    LOG.error("Cannot mark job {} running; it stays queued", id, e);
                    pool.release(needs);
                    queue.add(id);
                    queuedSpecs.put(id, spec);
                    break;
                }
                running.put(id, run);
                started.add(run);
            }
        }
        for (Run run : started) {
            io.changed(run.spec.jobId(), run.spec.workflowId(), run.spec.algorithmId(), JobState.RUNNING, 0);
            run.timeout = timer.schedule(
                    () -> stop(run, JobState.FAILED, "timed out after " + human(run.spec.timeout())),
                    run.spec.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            workers.execute(() -> execute(run));
        }
    }

    private void note(long jobId, String message) {
        if (!message.equals(waiting.put(jobId, message))) {
            try {
                table.message(jobId, message);
            } catch (SQLException e) {
                LOG.warn("Cannot note why job {} waits", jobId, e);
            }
        }
    }

    private void execute(Run run) {
        long id = run.spec.jobId();
        run.thread = Thread.currentThread();
        Path dir = workRoot.resolve("job-" + id + "-" + run.spec.attempt());
        boolean claimed = false;
        try {
            AlgorithmDescriptor d = run.algorithm.descriptor();
            log(
                    id,
                    "attempt " + run.spec.attempt() + ": " + d.id() + " " + d.version() + " on "
                            + run.spec.series().size() + " series, parameters " + run.spec.parameters()
                            + " (sha256 " + run.spec.parameterHash() + ")");
            List<InputSeries> inputs = new ArrayList<>();
            for (String uid : run.spec.series()) {
                inputs.add(io.input(uid));
            }
            JobContext context = new JobContext(this, run, inputs, JsonReader.readObject(run.spec.parameters()), dir);
            run.algorithm.run(context);
            claimed = run.done.compareAndSet(false, true);
            if (!claimed) {
                return; // cancelled or timed out meanwhile: its results are dropped with the folder
            }
            run.timeout.cancel(false);
            List<Path> outputs = context.outputs();
            if (!outputs.isEmpty()) {
                log(id, "storing " + outputs.size() + " result object(s)");
            }
            List<String> stored = io.store(id, run.spec.series(), outputs);
            String forwarding = stored.isEmpty() ? null : io.forward(stored, line -> log(id, line));
            complete(run, JobState.SUCCEEDED, null, stored, forwarding);
        } catch (Throwable t) {
            if (claimed || run.done.compareAndSet(false, true)) {
                run.timeout.cancel(false);
                log(id, stackTrace(t));
                complete(run, JobState.FAILED, reason(t), List.of(), null);
            }
        } finally {
            Thread.interrupted();
            try {
                deleteTree(dir);
            } catch (IOException e) {
                LOG.warn("Cannot delete the work folder {} of job {}", dir, id, e);
            }
        }
    }

    /** Cancels or times out a running job; false when it already finished. */
    private boolean stop(Run run, JobState state, String reason) {
        if (!run.done.compareAndSet(false, true)) {
            return false;
        }
        run.cancelled = true;
        if (run.timeout != null) {
            run.timeout.cancel(false);
        }
        Thread thread = run.thread;
        if (thread != null) {
            thread.interrupt();
        }
        // The slot is given back now: a thread that ignores interrupts cannot hold the platform up.
        complete(run, state, reason, List.of(), null);
        return true;
    }

    private void complete(Run run, JobState state, String reason, List<String> outputs, String forwarding) {
        long id = run.spec.jobId();
        // The last line first: whoever sees the final state sees the whole log.
        log(
                id,
                state.name().toLowerCase(java.util.Locale.ROOT)
                        + (reason == null ? "" : ": " + reason)
                        + (outputs.isEmpty() ? "" : " (" + outputs.size() + " result objects stored)"));
        synchronized (this) {
            running.remove(id);
            pool.release(run.resources);
            try {
                table.finished(id, state, reason, Instant.now(), outputs, forwarding);
            } catch (SQLException e) {
                LOG.error("Cannot record that job {} {}: {}", id, state, reason, e);
            }
        }
        io.changed(id, run.spec.workflowId(), run.spec.algorithmId(), state, state == JobState.SUCCEEDED ? 1 : 0);
        dispatch();
    }

    void progress(Run run, double fraction, String message) {
        run.progress = Math.max(0, Math.min(1, fraction));
        long now = System.currentTimeMillis();
        if (now - run.lastProgressWrite < PROGRESS_WRITE_MS && run.progress < 1) {
            return;
        }
        run.lastProgressWrite = now;
        try {
            table.progress(run.spec.jobId(), run.progress, message == null ? "running" : message);
        } catch (SQLException e) {
            LOG.warn("Cannot record progress of job {}", run.spec.jobId(), e);
        }
        io.changed(run.spec.jobId(), run.spec.workflowId(), run.spec.algorithmId(), JobState.RUNNING, run.progress);
    }

    void log(long jobId, String line) {
        try {
            table.log(jobId, line, Instant.now());
        } catch (SQLException e) {
            LOG.warn("Cannot log for job {}: {}", jobId, line, e);
        }
    }

    JobIo io() {
        return io;
    }

    static String reason(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "ran out of memory (" + t + ")";
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow in the algorithm";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return JobTable.truncate(out.toString(), 4000);
    }

    static String human(Duration d) {
        if (d.toMinutes() >= 1 && d.toSecondsPart() == 0) {
            return d.toMinutes() + " min";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static WorkflowException notFound(String what, long id) {
        return new WorkflowException(Reason.NOT_FOUND, "no " + what + " " + id);
    }

    private static WorkflowException unavailable(SQLException e) {
        return new WorkflowException(Reason.UNAVAILABLE, "the workflow database does not answer: " + e.getMessage(), e);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Running jobs by id, for tests and status. */
    synchronized Map<Long, String> runningAlgorithms() {
        Map<Long, String> out = new LinkedHashMap<>();
        running.forEach((id, run) -> out.put(id, run.spec.algorithmId()));
        return out;
    }

    /**
     * Stops taking jobs and interrupts running ones without recording an end: they are still
     * running in the table, and the next start queues them again.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            running.values().forEach(r -> {
                r.cancelled = true;
                r.done.set(true);
            });
        }
        workers.shutdownNow();
        timer.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A job on a worker thread. */
    static final class Run {
        final JobTable.JobSpec spec;
        final Algorithm algorithm;
        final Resources resources;
        final AtomicBoolean done = new AtomicBoolean();
        volatile boolean cancelled;
        volatile Thread thread;
        volatile ScheduledFuture<?> timeout;
        volatile double progress;
        long lastProgressWrite;

        Run(JobTable.JobSpec spec, Algorithm algorithm, Resources resources) {
            this.spec = spec;
            this.algorithm = algorithm;
            this.resources = resources;
        }
    }
}
