package org.atrium.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The index database: an embedded H2 file by default, PostgreSQL when the URL says so. */
final class Database implements AutoCloseable {

    enum Dialect {
        H2,
        POSTGRESQL
    }

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS patient ("
                + " patient_key VARCHAR(200) PRIMARY KEY, patient_id VARCHAR(64) NOT NULL, issuer VARCHAR(64),"
                + " patient_name VARCHAR(324), birth_date VARCHAR(8), sex VARCHAR(16), created_at TIMESTAMP NOT NULL)",
        "CREATE INDEX IF NOT EXISTS patient_id_idx ON patient (patient_id)",
        "CREATE TABLE IF NOT EXISTS study ("
                + " study_uid VARCHAR(64) PRIMARY KEY, patient_key VARCHAR(200) NOT NULL, study_date VARCHAR(8),"
                + " study_time VARCHAR(16), accession VARCHAR(16), study_id VARCHAR(16), description VARCHAR(64),"
                + " referring VARCHAR(324), created_at TIMESTAMP NOT NULL)",
        "CREATE INDEX IF NOT EXISTS study_patient_idx ON study (patient_key)",
        "CREATE INDEX IF NOT EXISTS study_date_idx ON study (study_date)",
        "CREATE INDEX IF NOT EXISTS study_accession_idx ON study (accession)",
        "CREATE TABLE IF NOT EXISTS series ("
                + " series_uid VARCHAR(64) PRIMARY KEY, study_uid VARCHAR(64) NOT NULL, modality VARCHAR(16),"
                + " series_number INTEGER, description VARCHAR(64), body_part VARCHAR(64), created_at TIMESTAMP NOT NULL)",
        "CREATE INDEX IF NOT EXISTS series_study_idx ON series (study_uid)",
        "CREATE INDEX IF NOT EXISTS series_modality_idx ON series (modality)",
        "CREATE TABLE IF NOT EXISTS series_label ("
                + " series_uid VARCHAR(64) NOT NULL, label VARCHAR(64) NOT NULL, PRIMARY KEY (series_uid, label))",
        "CREATE TABLE IF NOT EXISTS instance ("
                + " sop_uid VARCHAR(64) PRIMARY KEY, series_uid VARCHAR(64) NOT NULL, sop_class VARCHAR(64) NOT NULL,"
                + " instance_number INTEGER, transfer_syntax VARCHAR(64), file_path VARCHAR(200) NOT NULL,"
                + " file_size BIGINT NOT NULL, received_at TIMESTAMP NOT NULL, source VARCHAR(64))",
        "CREATE INDEX IF NOT EXISTS instance_series_idx ON instance (series_uid)",
        "CREATE INDEX IF NOT EXISTS instance_received_idx ON instance (received_at)",
        "CREATE TABLE IF NOT EXISTS dataset ("
                + " id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL UNIQUE, query VARCHAR(4000),"
                + " owner VARCHAR(64), created_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS dataset_series ("
                + " dataset_id BIGINT NOT NULL, series_uid VARCHAR(64) NOT NULL, position BIGINT NOT NULL,"
                + " PRIMARY KEY (dataset_id, series_uid))",
    };

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final String description;

    Database(String url, String user, String password, int poolSize, Path defaultFolder) throws SQLException {
        // WRITE_DELAY=0: H2 writes each commit out at once instead of up to 500 ms later, so a
        // killed process loses no committed row (recovery would re-index them, but need not).
        String jdbcUrl = url == null || url.isBlank()
                ? "jdbc:h2:file:" + defaultFolder.resolve("atrium").toAbsolutePath()
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                : url;
        this.dialect = jdbcUrl.startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.H2;
        HikariConfig config = new HikariConfig();
        config.setDataSource(rawDataSource(dialect, jdbcUrl, user, password));
        config.setMaximumPoolSize(Math.max(2, poolSize));
        config.setAutoCommit(false);
        config.setPoolName("atrium-store");
        config.setInitializationFailTimeout(10_000);
        this.dataSource = new HikariDataSource(config);
        this.description = dialect + " " + jdbcUrl.replaceAll("password=[^;&]*", "password=***");
        createSchema();
    }

    private static DataSource rawDataSource(Dialect dialect, String url, String user, String password) {
        // Built directly, not through DriverManager, which does not see drivers of other bundles.
        if (dialect == Dialect.POSTGRESQL) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setUrl(url);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    private void createSchema() throws SQLException {
        try (Connection c = connection();
                Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            c.commit();
        }
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The pool, for tables of other bundles in the same database; connections do not auto-commit. */
    DataSource dataSource() {
        return dataSource;
    }

    Dialect dialect() {
        return dialect;
    }

    String description() {
        return description;
    }

    /** An insert that does nothing when the primary key exists, in this database's words. */
    String insertIgnoring(String table, String keyColumn, String... columns) {
        String columnList = String.join(", ", columns);
        String placeholders = String.join(", ", java.util.Collections.nCopies(columns.length, "?"));
        if (dialect == Dialect.POSTGRESQL) {
            return "INSERT INTO " + table + " (" + columnList + ") VALUES (" + placeholders + ") ON CONFLICT ("
                    + keyColumn + ") DO NOTHING";
        }
        StringBuilder sourceColumns = new StringBuilder();
        for (String column : columns) {
            sourceColumns
                    .append(sourceColumns.length() == 0 ? "" : ", ")
                    .append("v.")
                    .append(column);
        }
        String[] keys = keyColumn.split(",\\s*");
        StringBuilder on = new StringBuilder();
        for (String key : keys) {
            on.append(on.length() == 0 ? "" : " AND ")
                    .append("t.")
                    .append(key)
                    .append(" = v.")
                    .append(key);
        }
        return "MERGE INTO " + table + " t USING (VALUES (" + placeholders + ")) v (" + columnList + ") ON " + on
                + " WHEN NOT MATCHED THEN INSERT (" + columnList + ") VALUES (" + sourceColumns + ")";
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
