package org.atrium.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.atrium.store.ResearchStore.Level;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;

/**
 * Turns DICOM matching keys (PS3.4 C.2.2.2) into SQL over the index tables. Keys the index does
 * not keep are ignored, as the standard allows for optional keys.
 */
final class QueryTranslator {

    enum Kind {
        TEXT,
        NAME,
        UID,
        DATE,
        TIME,
        NUMBER
    }

    record Column(String keyword, String sql, Kind kind, Level level) {}

    static final List<Column> COLUMNS = List.of(
            new Column("PatientID", "p.patient_id", Kind.TEXT, Level.PATIENT),
            new Column("IssuerOfPatientID", "p.issuer", Kind.TEXT, Level.PATIENT),
            new Column("PatientName", "p.patient_name", Kind.NAME, Level.PATIENT),
            new Column("PatientBirthDate", "p.birth_date", Kind.DATE, Level.PATIENT),
            new Column("PatientSex", "p.sex", Kind.TEXT, Level.PATIENT),
            new Column("StudyInstanceUID", "s.study_uid", Kind.UID, Level.STUDY),
            new Column("StudyDate", "s.study_date", Kind.DATE, Level.STUDY),
            new Column("StudyTime", "s.study_time", Kind.TIME, Level.STUDY),
            new Column("AccessionNumber", "s.accession", Kind.TEXT, Level.STUDY),
            new Column("StudyID", "s.study_id", Kind.TEXT, Level.STUDY),
            new Column("StudyDescription", "s.description", Kind.TEXT, Level.STUDY),
            new Column("ReferringPhysicianName", "s.referring", Kind.NAME, Level.STUDY),
            new Column("SeriesInstanceUID", "se.series_uid", Kind.UID, Level.SERIES),
            new Column("Modality", "se.modality", Kind.TEXT, Level.SERIES),
            new Column("SeriesNumber", "se.series_number", Kind.NUMBER, Level.SERIES),
            new Column("SeriesDescription", "se.description", Kind.TEXT, Level.SERIES),
            new Column("BodyPartExamined", "se.body_part", Kind.TEXT, Level.SERIES),
            new Column("SOPInstanceUID", "i.sop_uid", Kind.UID, Level.INSTANCE),
            new Column("SOPClassUID", "i.sop_class", Kind.UID, Level.INSTANCE),
            new Column("InstanceNumber", "i.instance_number", Kind.NUMBER, Level.INSTANCE));

    record Sql(String text, List<Object> parameters) {}

    private QueryTranslator() {}

    static String from(Level level) {
        return switch (level) {
            case PATIENT -> "patient p";
            case STUDY -> "study s JOIN patient p ON p.patient_key = s.patient_key";
            case SERIES -> "series se JOIN study s ON s.study_uid = se.study_uid"
                    + " JOIN patient p ON p.patient_key = s.patient_key";
            case INSTANCE -> "instance i JOIN series se ON se.series_uid = i.series_uid"
                    + " JOIN study s ON s.study_uid = se.study_uid JOIN patient p ON p.patient_key = s.patient_key";
        };
    }

    /** Columns visible at a level: its own and those of the levels above. */
    static List<Column> columnsOf(Level level) {
        List<Column> columns = new ArrayList<>();
        for (Column column : COLUMNS) {
            if (column.level().ordinal() <= level.ordinal()) {
                columns.add(column);
            }
        }
        return columns;
    }

    static Sql where(StoreQuery query) throws StoreException {
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        List<Column> visible = columnsOf(query.level());
        for (Map.Entry<String, String> key : query.keys().entrySet()) {
            String value = key.getValue() == null ? "" : key.getValue().trim();
            if (value.isEmpty() || value.equals("*")) {
                continue;
            }
            if (key.getKey().equals("ModalitiesInStudy") && query.level().ordinal() >= Level.STUDY.ordinal()) {
                and(sql).append("EXISTS (SELECT 1 FROM series m WHERE m.study_uid = s.study_uid AND m.modality IN (")
                        .append(placeholders(value.split("\\\\"), parameters))
                        .append("))");
                continue;
            }
            Column column = visible.stream()
                    .filter(c -> c.keyword().equals(key.getKey()))
                    .findFirst()
                    .orElse(null);
            if (column != null) {
                condition(and(sql), column, value, parameters);
            }
        }
        return new Sql(sql.length() == 0 ? "" : " WHERE " + sql, parameters);
    }

    private static StringBuilder and(StringBuilder sql) {
        return sql.length() == 0 ? sql : sql.append(" AND ");
    }

    private static void condition(StringBuilder sql, Column column, String value, List<Object> parameters)
            throws StoreException {
        switch (column.kind()) {
            case UID -> sql.append(column.sql())
                    .append(" IN (")
                    .append(placeholders(value.split("\\\\"), parameters))
                    .append(")");
            case NUMBER -> {
                try {
                    parameters.add(Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw new StoreException(
                            StoreException.Reason.INVALID_QUERY,
                            column.keyword() + " is not a number: '" + value + "'");
                }
                sql.append(column.sql()).append(" = ?");
            }
            case DATE, TIME -> {
                if (value.contains("-")) {
                    range(sql, column, value, parameters);
                } else {
                    text(sql, column.sql(), value, parameters);
                }
            }
            case NAME -> {
                sql.append("LOWER(").append(column.sql()).append(")");
                pattern(sql, value.toLowerCase(java.util.Locale.ROOT), parameters);
            }
            case TEXT -> text(sql, column.sql(), value, parameters);
        }
    }

    private static void range(StringBuilder sql, Column column, String value, List<Object> parameters)
            throws StoreException {
        int dash = value.indexOf('-');
        String from = value.substring(0, dash).trim();
        String to = value.substring(dash + 1).trim();
        String format = column.kind() == Kind.DATE ? "\\d{8}" : "\\d{2,6}(\\.\\d*)?";
        if ((from.isEmpty() && to.isEmpty())
                || (!from.isEmpty() && !from.matches(format))
                || (!to.isEmpty() && !to.matches(format))) {
            throw new StoreException(
                    StoreException.Reason.INVALID_QUERY, column.keyword() + " is not a valid range: '" + value + "'");
        }
        if (!from.isEmpty()) {
            sql.append(column.sql()).append(" >= ?");
            parameters.add(from);
        }
        if (!to.isEmpty()) {
            if (!from.isEmpty()) {
                sql.append(" AND ");
            }
            // A time range "-1200" must include 120000.999: compare on the given precision.
            sql.append(
                            column.kind() == Kind.TIME
                                    ? "SUBSTRING(" + column.sql() + ", 1, " + to.length() + ")"
                                    : column.sql())
                    .append(" <= ?");
            parameters.add(to);
        }
    }

    private static void text(StringBuilder sql, String column, String value, List<Object> parameters) {
        sql.append(column);
        pattern(sql, value, parameters);
    }

    private static void pattern(StringBuilder sql, String value, List<Object> parameters) {
        if (value.indexOf('*') < 0 && value.indexOf('?') < 0) {
            sql.append(" = ?");
            parameters.add(value);
            return;
        }
        StringBuilder like = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        sql.append(" LIKE ? ESCAPE '\\'");
        parameters.add(like.toString());
    }

    private static String placeholders(String[] values, List<Object> parameters) {
        StringBuilder marks = new StringBuilder();
        for (String value : values) {
            marks.append(marks.length() == 0 ? "?" : ", ?");
            parameters.add(value.trim());
        }
        return marks.toString();
    }
}
