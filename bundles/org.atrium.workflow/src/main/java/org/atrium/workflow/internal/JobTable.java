package org.atrium.workflow.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.atrium.workflow.Job;
import org.atrium.workflow.JobFilter;
import org.atrium.workflow.JobState;
import org.atrium.workflow.LogLine;
import org.atrium.workflow.Workflow;

/**
 * Workflows, jobs and job logs in the store's database, with plain JDBC. The DDL is idempotent
 * and the SQL the common subset of H2 and PostgreSQL. Identifiers are handed out here (this
 * process is the only writer), starting after the largest one in the table.
 */
final class JobTable {

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS workflow ("
                + " id BIGINT PRIMARY KEY, algorithm_id VARCHAR(200) NOT NULL, algorithm_version VARCHAR(64) NOT NULL,"
                + " parameters VARCHAR(100000) NOT NULL, parameter_hash VARCHAR(64) NOT NULL, input VARCHAR(1000) NOT NULL,"
                + " owner VARCHAR(200), created_at TIMESTAMP NOT NULL, timeout_ms BIGINT NOT NULL, notes VARCHAR(100000))",
        "CREATE TABLE IF NOT EXISTS job ("
                + " id BIGINT PRIMARY KEY, workflow_id BIGINT NOT NULL, state VARCHAR(16) NOT NULL, attempt INTEGER NOT NULL,"
                + " progress DOUBLE PRECISION NOT NULL, message VARCHAR(1000), reason VARCHAR(4000),"
                + " created_at TIMESTAMP NOT NULL, started_at TIMESTAMP, ended_at TIMESTAMP, outputs VARCHAR(1000000),"
                + " forwarding VARCHAR(1000))",
        "CREATE INDEX IF NOT EXISTS job_workflow_idx ON job (workflow_id)",
        "CREATE INDEX IF NOT EXISTS job_state_idx ON job (state)",
        "CREATE TABLE IF NOT EXISTS job_input ("
                + " job_id BIGINT NOT NULL, position INTEGER NOT NULL, series_uid VARCHAR(64) NOT NULL,"
                + " PRIMARY KEY (job_id, position))",
        "CREATE TABLE IF NOT EXISTS job_log ("
                + " id BIGINT PRIMARY KEY, job_id BIGINT NOT NULL, logged_at TIMESTAMP NOT NULL, line VARCHAR(4000) NOT NULL)",
        "CREATE INDEX IF NOT EXISTS job_log_job_idx ON job_log (job_id, id)",
    };

    private static final String JOB_SELECT = "SELECT j.id, j.workflow_id, w.algorithm_id, w.algorithm_version,"
            + " w.parameter_hash, j.state, j.attempt, j.progress, j.message, j.reason, j.created_at, j.started_at,"
            + " j.ended_at, j.outputs, j.forwarding FROM job j JOIN workflow w ON w.id = j.workflow_id";

    private static final int MAX_LINE = 4000;
    private static final int MAX_MESSAGE = 1000;

    private final DataSource dataSource;
    private final AtomicLong workflowIds;
    private final AtomicLong jobIds;
    private final AtomicLong logIds;

    /** A workflow to insert. */
    record NewWorkflow(
            String algorithmId,
            String algorithmVersion,
            String parameters,
            String parameterHash,
            String input,
            String owner,
            Duration timeout,
            List<String> notes) {}

    /** What the engine needs to run a job. */
    record JobSpec(
            long jobId,
            long workflowId,
            String algorithmId,
            String algorithmVersion,
            String parameters,
            String parameterHash,
            Duration timeout,
            int attempt,
            List<String> series) {}

    JobTable(DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        try (Connection c = connection();
                Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            c.commit();
        }
        this.workflowIds = new AtomicLong(max("workflow"));
        this.jobIds = new AtomicLong(max("job"));
        this.logIds = new AtomicLong(max("job_log"));
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private long max(String table) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long max = rs.getLong(1);
            c.commit();
            return max;
        }
    }

    /** Inserts a workflow and one queued job per entry of {@code jobInputs}; returns the workflow id and job ids. */
    long[] create(NewWorkflow workflow, List<List<String>> jobInputs, Instant now) throws SQLException {
        long id = workflowIds.incrementAndGet();
        long[] ids = new long[jobInputs.size() + 1];
        ids[0] = id;
        try (Connection c = connection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO workflow (id, algorithm_id, algorithm_version, parameters, parameter_hash, input,"
                            + " owner, created_at, timeout_ms, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, workflow.algorithmId());
                ps.setString(3, workflow.algorithmVersion());
                ps.setString(4, workflow.parameters());
                ps.setString(5, workflow.parameterHash());
                ps.setString(6, truncate(workflow.input(), 1000));
                ps.setString(7, workflow.owner());
                ps.setTimestamp(8, Timestamp.from(now));
                ps.setLong(9, workflow.timeout().toMillis());
                ps.setString(10, truncate(String.join("\n", workflow.notes()), 100000));
                ps.executeUpdate();
            }
            try (PreparedStatement job = c.prepareStatement(
                            "INSERT INTO job (id, workflow_id, state, attempt, progress, message, created_at)"
                                    + " VALUES (?, ?, 'QUEUED', 1, 0, 'queued', ?)");
                    PreparedStatement input = c.prepareStatement(
                            "INSERT INTO job_input (job_id, position, series_uid) VALUES (?, ?, ?)")) {
                for (int i = 0; i < jobInputs.size(); i++) {
                    long jobId = jobIds.incrementAndGet();
                    ids[i + 1] = jobId;
                    job.setLong(1, jobId);
                    job.setLong(2, id);
                    job.setTimestamp(3, Timestamp.from(now));
                    job.addBatch();
                    List<String> series = jobInputs.get(i);
                    for (int p = 0; p < series.size(); p++) {
                        input.setLong(1, jobId);
                        input.setInt(2, p);
                        input.setString(3, series.get(p));
                        input.addBatch();
                    }
                }
                job.executeBatch();
                input.executeBatch();
            }
            c.commit();
        }
        return ids;
    }

    List<Workflow> workflows(Long onlyId) throws SQLException {
        String sql = "SELECT id, algorithm_id, algorithm_version, parameters, parameter_hash, input, owner, created_at,"
                + " timeout_ms, notes FROM workflow" + (onlyId == null ? "" : " WHERE id = ?") + " ORDER BY id DESC";
        List<Workflow> out = new ArrayList<>();
        try (Connection c = connection()) {
            Map<Long, Map<JobState, Integer>> counts = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT workflow_id, state, COUNT(*) FROM job"
                    + (onlyId == null ? "" : " WHERE workflow_id = ?") + " GROUP BY workflow_id, state")) {
                if (onlyId != null) {
                    ps.setLong(1, onlyId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.computeIfAbsent(rs.getLong(1), k -> new EnumMap<>(JobState.class))
                                .put(JobState.valueOf(rs.getString(2)), rs.getInt(3));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (onlyId != null) {
                    ps.setLong(1, onlyId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        String notes = rs.getString(10);
                        out.add(new Workflow(
                                id,
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                instant(rs.getTimestamp(8)),
                                Duration.ofMillis(rs.getLong(9)),
                                notes == null || notes.isEmpty() ? List.of() : Arrays.asList(notes.split("\n")),
                                counts.getOrDefault(id, Map.of())));
                    }
                }
            }
            c.commit();
        }
        return out;
    }

    List<Job> jobs(JobFilter filter, Long onlyId) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (onlyId != null) {
            where.append(" AND j.id = ?");
            args.add(onlyId);
        }
        if (filter.state() != null) {
            where.append(" AND j.state = ?");
            args.add(filter.state().name());
        }
        if (filter.workflowId() != null) {
            where.append(" AND j.workflow_id = ?");
            args.add(filter.workflowId());
        }
        List<Object[]> rows = new ArrayList<>();
        Map<Long, List<String>> inputs = new HashMap<>();
        try (Connection c = connection()) {
            try (PreparedStatement ps =
                    c.prepareStatement(JOB_SELECT + where + " ORDER BY j.id DESC LIMIT " + filter.limit())) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = new Object[15];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        row[10] = rs.getTimestamp(11);
                        row[11] = rs.getTimestamp(12);
                        row[12] = rs.getTimestamp(13);
                        rows.add(row);
                    }
                }
            }
            if (!rows.isEmpty()) {
                long min = ((Number) rows.get(rows.size() - 1)[0]).longValue();
                long max = ((Number) rows.get(0)[0]).longValue();
                try (PreparedStatement ps = c.prepareStatement("SELECT job_id, series_uid FROM job_input"
                        + " WHERE job_id BETWEEN ? AND ? ORDER BY job_id, position")) {
                    ps.setLong(1, min);
                    ps.setLong(2, max);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            inputs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                    .add(rs.getString(2));
                        }
                    }
                }
            }
            c.commit();
        }
        List<Job> out = new ArrayList<>();
        for (Object[] r : rows) {
            long id = ((Number) r[0]).longValue();
            String outputs = (String) r[13];
            out.add(new Job(
                    id,
                    ((Number) r[1]).longValue(),
                    (String) r[2],
                    (String) r[3],
                    (String) r[4],
                    JobState.valueOf((String) r[5]),
                    ((Number) r[6]).intValue(),
                    inputs.getOrDefault(id, List.of()),
                    ((Number) r[7]).doubleValue(),
                    (String) r[8],
                    (String) r[9],
                    instant((Timestamp) r[10]),
                    instant((Timestamp) r[11]),
                    instant((Timestamp) r[12]),
                    outputs == null || outputs.isEmpty() ? List.of() : Arrays.asList(outputs.split(" ")),
                    (String) r[14]));
        }
        return out;
    }

    Optional<Job> job(long id) throws SQLException {
        return jobs(JobFilter.ALL, id).stream().findFirst();
    }

    /** Ids of the jobs in a state, oldest first. */
    List<Long> ids(JobState state) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM job WHERE state = ? ORDER BY id")) {
            ps.setString(1, state.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            c.commit();
        }
        return ids;
    }

    Optional<JobSpec> spec(long jobId) throws SQLException {
        try (Connection c = connection()) {
            JobSpec spec = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT j.workflow_id, w.algorithm_id, w.algorithm_version,"
                    + " w.parameters, w.parameter_hash, w.timeout_ms, j.attempt FROM job j JOIN workflow w"
                    + " ON w.id = j.workflow_id WHERE j.id = ?")) {
                ps.setLong(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        spec = new JobSpec(
                                jobId,
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                Duration.ofMillis(rs.getLong(6)),
                                rs.getInt(7),
                                List.of());
                    }
                }
            }
            if (spec == null) {
                c.commit();
                return Optional.empty();
            }
            List<String> series = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT series_uid FROM job_input WHERE job_id = ? ORDER BY position")) {
                ps.setLong(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        series.add(rs.getString(1));
                    }
                }
            }
            c.commit();
            return Optional.of(new JobSpec(
                    spec.jobId(),
                    spec.workflowId(),
                    spec.algorithmId(),
                    spec.algorithmVersion(),
                    spec.parameters(),
                    spec.parameterHash(),
                    spec.timeout(),
                    spec.attempt(),
                    series));
        }
    }

    /** The series of every job of a workflow, in job order, each once. */
    List<String> workflowSeries(long workflowId) throws SQLException {
        List<String> series = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT i.series_uid FROM job_input i JOIN job j"
                        + " ON j.id = i.job_id WHERE j.workflow_id = ? ORDER BY j.id, i.position")) {
            ps.setLong(1, workflowId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!series.contains(rs.getString(1))) {
                        series.add(rs.getString(1));
                    }
                }
            }
            c.commit();
        }
        return series;
    }

    void running(long jobId, Instant started) throws SQLException {
        update(
                "UPDATE job SET state = 'RUNNING', started_at = ?, ended_at = NULL, progress = 0, message = 'running',"
                        + " reason = NULL WHERE id = ?",
                Timestamp.from(started),
                jobId);
    }

    void finished(long jobId, JobState state, String reason, Instant ended, List<String> outputs, String forwarding)
            throws SQLException {
        update(
                "UPDATE job SET state = ?, reason = ?, ended_at = ?, outputs = ?, forwarding = ?, message = ?,"
                        + " progress = CASE WHEN ? THEN 1 ELSE progress END WHERE id = ?",
                state.name(),
                truncate(reason, 4000),
                Timestamp.from(ended),
                String.join(" ", outputs),
                truncate(forwarding, 1000),
                state.name().toLowerCase(java.util.Locale.ROOT),
                state == JobState.SUCCEEDED,
                jobId);
    }

    /** Back to the queue; {@code nextAttempt} counts a new attempt (retry, restart). */
    void queued(long jobId, boolean nextAttempt, String message) throws SQLException {
        update(
                "UPDATE job SET state = 'QUEUED', attempt = attempt + ?, progress = 0, message = ?, reason = NULL,"
                        + " started_at = NULL, ended_at = NULL, outputs = NULL, forwarding = NULL WHERE id = ?",
                nextAttempt ? 1 : 0,
                truncate(message, MAX_MESSAGE),
                jobId);
    }

    void progress(long jobId, double progress, String message) throws SQLException {
        update(
                "UPDATE job SET progress = ?, message = ? WHERE id = ?",
                progress,
                truncate(message, MAX_MESSAGE),
                jobId);
    }

    void message(long jobId, String message) throws SQLException {
        update("UPDATE job SET message = ? WHERE id = ?", truncate(message, MAX_MESSAGE), jobId);
    }

    void log(long jobId, String line, Instant at) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO job_log (id, job_id, logged_at, line) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, logIds.incrementAndGet());
            ps.setLong(2, jobId);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setString(4, truncate(line == null ? "" : line, MAX_LINE));
            ps.executeUpdate();
            c.commit();
        }
    }

    List<LogLine> log(long jobId) throws SQLException {
        List<LogLine> lines = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT logged_at, line FROM job_log WHERE job_id = ? ORDER BY id")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new LogLine(instant(rs.getTimestamp(1)), rs.getString(2)));
                }
            }
            c.commit();
        }
        return lines;
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, Arrays.asList(args));
            ps.executeUpdate();
            c.commit();
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                ps.setObject(i + 1, arg);
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
