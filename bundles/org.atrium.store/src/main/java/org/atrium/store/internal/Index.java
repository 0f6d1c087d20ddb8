package org.atrium.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore.Level;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;

/** SQL over the index tables. Every method runs in the connection's current transaction. */
final class Index {

    private static final String INSTANCE_COLUMNS = "i.sop_uid, i.sop_class, i.series_uid, se.study_uid, s.patient_key,"
            + " i.instance_number, i.transfer_syntax, i.file_path, i.file_size, i.received_at, i.source";
    private static final String INSTANCE_FROM = " FROM instance i JOIN series se ON se.series_uid = i.series_uid"
            + " JOIN study s ON s.study_uid = se.study_uid";

    private final Database database;
    private final String insertPatient;
    private final String insertStudy;
    private final String insertSeries;
    private final String insertLabel;

    Index(Database database) {
        this.database = database;
        this.insertPatient = database.insertIgnoring(
                "patient",
                "patient_key",
                "patient_key",
                "patient_id",
                "issuer",
                "patient_name",
                "birth_date",
                "sex",
                "created_at");
        this.insertStudy = database.insertIgnoring(
                "study",
                "study_uid",
                "study_uid",
                "patient_key",
                "study_date",
                "study_time",
                "accession",
                "study_id",
                "description",
                "referring",
                "created_at");
        this.insertSeries = database.insertIgnoring(
                "series",
                "series_uid",
                "series_uid",
                "study_uid",
                "modality",
                "series_number",
                "description",
                "body_part",
                "created_at");
        this.insertLabel = database.insertIgnoring("series_label", "series_uid, label", "series_uid", "label");
    }

    /** Adds or updates the rows of one instance. */
    void put(Connection c, IndexRow row, String relativePath, long size, Instant receivedAt, String source)
            throws SQLException {
        put(c, row, relativePath, size, receivedAt, source, true);
    }

    /** As above; {@code hierarchy} false skips the patient, study and series rows, known to exist. */
    void put(
            Connection c,
            IndexRow row,
            String relativePath,
            long size,
            Instant receivedAt,
            String source,
            boolean hierarchy)
            throws SQLException {
        Timestamp now = Timestamp.from(receivedAt);
        if (hierarchy) {
            update(
                    c,
                    insertPatient,
                    row.patientKey(),
                    row.patientId(),
                    row.issuer(),
                    row.patientName(),
                    row.birthDate(),
                    row.sex(),
                    now);
            update(
                    c,
                    insertStudy,
                    row.studyUid(),
                    row.patientKey(),
                    row.studyDate(),
                    row.studyTime(),
                    row.accession(),
                    row.studyId(),
                    row.studyDescription(),
                    row.referring(),
                    now);
            update(
                    c,
                    insertSeries,
                    row.seriesUid(),
                    row.studyUid(),
                    row.modality(),
                    row.seriesNumber(),
                    row.seriesDescription(),
                    row.bodyPart(),
                    now);
        }
        for (String label : row.labels()) {
            update(c, insertLabel, row.seriesUid(), label.length() > 64 ? label.substring(0, 64) : label);
        }
        int changed = update(
                c,
                "UPDATE instance SET series_uid = ?, sop_class = ?, instance_number = ?,"
                        + " transfer_syntax = ?, file_path = ?, file_size = ?, received_at = ?, source = ? WHERE sop_uid = ?",
                row.seriesUid(),
                row.sopClass(),
                row.instanceNumber(),
                row.transferSyntax(),
                relativePath,
                size,
                now,
                truncate(source, 64),
                row.sopUid());
        if (changed == 0) {
            update(
                    c,
                    "INSERT INTO instance (sop_uid, series_uid, sop_class, instance_number, transfer_syntax,"
                            + " file_path, file_size, received_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row.sopUid(),
                    row.seriesUid(),
                    row.sopClass(),
                    row.instanceNumber(),
                    row.transferSyntax(),
                    relativePath,
                    size,
                    now,
                    truncate(source, 64));
        }
    }

    Optional<InstanceRecord> instance(Connection c, String sopUid) throws SQLException {
        List<InstanceRecord> found = instances(c, " WHERE i.sop_uid = ?", sopUid);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<InstanceRecord> instances(Connection c, Level level, String uid) throws SQLException {
        String where =
                switch (level) {
                    case PATIENT -> " WHERE s.patient_key = ?";
                    case STUDY -> " WHERE se.study_uid = ?";
                    case SERIES -> " WHERE i.series_uid = ?";
                    case INSTANCE -> " WHERE i.sop_uid = ?";
                };
        return instances(c, where + " ORDER BY i.series_uid, i.instance_number, i.sop_uid", uid);
    }

    /** Instances received at or after {@code since}, in (received_at, sop_uid) order, after {@code afterUid} at that time. */
    List<InstanceRecord> receivedSince(Connection c, Instant since, String afterUid, int limit) throws SQLException {
        Timestamp from = Timestamp.from(since);
        String order = " ORDER BY i.received_at, i.sop_uid";
        return afterUid == null
                ? instances(c, limit, " WHERE i.received_at >= ?" + order, from)
                : instances(
                        c,
                        limit,
                        " WHERE (i.received_at > ? OR (i.received_at = ? AND i.sop_uid > ?))" + order,
                        from,
                        from,
                        afterUid);
    }

    private List<InstanceRecord> instances(Connection c, String where, Object... parameters) throws SQLException {
        return instances(c, 0, where, parameters);
    }

    private List<InstanceRecord> instances(Connection c, int limit, String where, Object... parameters)
            throws SQLException {
        List<InstanceRecord> records = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, "SELECT " + INSTANCE_COLUMNS + INSTANCE_FROM + where, parameters)) {
            ps.setMaxRows(limit);
            readInstances(ps, records);
        }
        return records;
    }

    private static void readInstances(PreparedStatement ps, List<InstanceRecord> records) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Integer number = rs.getInt(6);
                records.add(new InstanceRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.wasNull() ? null : number,
                        rs.getString(7),
                        rs.getString(8),
                        rs.getLong(9),
                        rs.getTimestamp(10).toInstant(),
                        rs.getString(11)));
            }
        }
    }

    /** Streams the relative path of every instance file. */
    void eachPath(Connection c, Consumer<String> paths) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT file_path FROM instance")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    paths.accept(rs.getString(1));
                }
            }
        }
    }

    /** Streams relative path and size of every instance. */
    void eachFile(Connection c, java.util.function.BiConsumer<String, Long> files, Map<String, String> sopByPath)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT file_path, file_size, sop_uid FROM instance")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.accept(rs.getString(1), rs.getLong(2));
                    sopByPath.put(rs.getString(1), rs.getString(3));
                }
            }
        }
    }

    boolean hasPath(Connection c, String relativePath) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT 1 FROM instance WHERE file_path = ?", relativePath);
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    List<Match> find(Connection c, StoreQuery query, int cap) throws SQLException, StoreException {
        QueryTranslator.Sql where = QueryTranslator.where(query);
        List<QueryTranslator.Column> columns = QueryTranslator.columnsOf(query.level());
        StringBuilder select = new StringBuilder("SELECT DISTINCT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(columns.get(i).sql());
        }
        select.append(" FROM ").append(QueryTranslator.from(query.level())).append(where.text());
        int limit = query.limit() > 0 ? Math.min(query.limit(), cap) : cap;
        return matches(
                c,
                query.level(),
                columns,
                select.toString(),
                limit,
                where.parameters().toArray());
    }

    List<Match> page(Connection c, Level level, String afterUid, int limit) throws SQLException {
        String key =
                switch (level) {
                    case STUDY -> "s.study_uid";
                    case SERIES -> "se.series_uid";
                    case INSTANCE -> "i.sop_uid";
                    case PATIENT -> throw new IllegalArgumentException("patients have no UID to page by");
                };
        List<QueryTranslator.Column> columns = QueryTranslator.columnsOf(level);
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(columns.get(i).sql());
        }
        select.append(" FROM ").append(QueryTranslator.from(level));
        if (afterUid != null) {
            select.append(" WHERE ").append(key).append(" > ?");
        }
        select.append(" ORDER BY ").append(key);
        return matches(
                c,
                level,
                columns,
                select.toString(),
                Math.max(1, limit),
                afterUid == null ? new Object[0] : new Object[] {afterUid});
    }

    /** Runs a select of {@code columns} and returns its rows, with the level's related counts. */
    private List<Match> matches(
            Connection c,
            Level level,
            List<QueryTranslator.Column> columns,
            String select,
            int limit,
            Object... parameters)
            throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, select, parameters)) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        String value = rs.getString(i + 1);
                        if (value != null) {
                            values.put(columns.get(i).keyword(), value);
                        }
                    }
                    rows.add(values);
                }
            }
        }
        addCounts(c, level, rows);
        List<Match> matches = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            matches.add(new Match(row));
        }
        return matches;
    }

    private void addCounts(Connection c, Level level, List<Map<String, String>> rows) throws SQLException {
        for (Map<String, String> row : rows) {
            switch (level) {
                case PATIENT -> {
                    String key = patientKeyOf(row);
                    row.put(
                            "NumberOfPatientRelatedStudies",
                            count(c, "SELECT COUNT(*) FROM study WHERE patient_key = ?", key));
                    row.put(
                            "NumberOfPatientRelatedSeries",
                            count(
                                    c,
                                    "SELECT COUNT(*) FROM series se JOIN study s ON"
                                            + " s.study_uid = se.study_uid WHERE s.patient_key = ?",
                                    key));
                    row.put(
                            "NumberOfPatientRelatedInstances",
                            count(c, "SELECT COUNT(*)" + INSTANCE_FROM + " WHERE s.patient_key = ?", key));
                }
                case STUDY -> {
                    String study = row.get("StudyInstanceUID");
                    row.put(
                            "NumberOfStudyRelatedSeries",
                            count(c, "SELECT COUNT(*) FROM series WHERE study_uid = ?", study));
                    row.put(
                            "NumberOfStudyRelatedInstances",
                            count(
                                    c,
                                    "SELECT COUNT(*) FROM instance i JOIN series se"
                                            + " ON se.series_uid = i.series_uid WHERE se.study_uid = ?",
                                    study));
                    TreeSet<String> modalities = new TreeSet<>();
                    try (PreparedStatement ps = prepare(
                                    c,
                                    "SELECT DISTINCT modality FROM series WHERE study_uid = ?"
                                            + " AND modality IS NOT NULL",
                                    study);
                            ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            modalities.add(rs.getString(1));
                        }
                    }
                    row.put("ModalitiesInStudy", String.join("\\", modalities));
                }
                case SERIES -> row.put(
                        "NumberOfSeriesRelatedInstances",
                        count(c, "SELECT COUNT(*) FROM instance WHERE series_uid = ?", row.get("SeriesInstanceUID")));
                case INSTANCE -> {
                    // Instances have no counts.
                }
            }
        }
    }

    private static String patientKeyOf(Map<String, String> row) {
        String issuer = row.get("IssuerOfPatientID");
        String id = row.getOrDefault("PatientID", "");
        return issuer == null ? id : id + "^^" + issuer;
    }

    /** Deletes the rows of the given instances and of every series, study and patient left empty. */
    void deleteInstances(Connection c, List<InstanceRecord> instances) throws SQLException {
        Map<String, String> seriesToStudy = new HashMap<>();
        Map<String, String> studyToPatient = new HashMap<>();
        for (InstanceRecord instance : instances) {
            update(c, "DELETE FROM instance WHERE sop_uid = ?", instance.sopInstanceUid());
            seriesToStudy.put(instance.seriesInstanceUid(), instance.studyInstanceUid());
            studyToPatient.put(instance.studyInstanceUid(), instance.patientKey());
        }
        for (String series : seriesToStudy.keySet()) {
            if (count(c, "SELECT COUNT(*) FROM instance WHERE series_uid = ?", series)
                    .equals("0")) {
                update(c, "DELETE FROM series_label WHERE series_uid = ?", series);
                update(c, "DELETE FROM series WHERE series_uid = ?", series);
            }
        }
        for (String study : studyToPatient.keySet()) {
            if (count(c, "SELECT COUNT(*) FROM series WHERE study_uid = ?", study)
                    .equals("0")) {
                update(c, "DELETE FROM study WHERE study_uid = ?", study);
            }
        }
        for (String patient : new TreeSet<>(studyToPatient.values())) {
            if (count(c, "SELECT COUNT(*) FROM study WHERE patient_key = ?", patient)
                    .equals("0")) {
                update(c, "DELETE FROM patient WHERE patient_key = ?", patient);
            }
        }
    }

    long[] statistics(Connection c) throws SQLException {
        long[] counts = new long[5];
        String[] queries = {
            "SELECT COUNT(*) FROM patient",
            "SELECT COUNT(*) FROM study",
            "SELECT COUNT(*) FROM series",
            "SELECT COUNT(*) FROM instance",
            "SELECT COALESCE(SUM(file_size), 0) FROM instance"
        };
        for (int i = 0; i < queries.length; i++) {
            counts[i] = Long.parseLong(count(c, queries[i]));
        }
        return counts;
    }

    List<String> labelsOf(Connection c, String seriesUid) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (PreparedStatement ps =
                        prepare(c, "SELECT label FROM series_label WHERE series_uid = ? ORDER BY label", seriesUid);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                labels.add(rs.getString(1));
            }
        }
        return labels;
    }

    private static String count(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, parameters);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Long.toString(rs.getLong(1));
        }
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, parameters)) {
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (value instanceof Integer number) {
                ps.setInt(i + 1, number);
            } else {
                ps.setObject(i + 1, value);
            }
        }
        return ps;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    Database database() {
        return database;
    }
}
