package org.atrium.pacs.internal;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the table tests (`.ci/run` starts one on loopback and sets
 * ATRIUM_TEST_PG_URL, _USER, _PASSWORD): each call gives a fresh, empty schema of its own.
 */
final class TestPostgres {

    private TestPostgres() {}

    static DataSource freshSchema(String schema) throws Exception {
        String url = System.getenv("ATRIUM_TEST_PG_URL");
        Assumptions.assumeTrue(
                url != null, "no PostgreSQL: set ATRIUM_TEST_PG_URL (and _USER, _PASSWORD); .ci/run starts one");
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(url);
        admin.setUser(System.getenv().getOrDefault("ATRIUM_TEST_PG_USER", "atrium"));
        admin.setPassword(System.getenv().getOrDefault("ATRIUM_TEST_PG_PASSWORD", ""));
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        admin.setCurrentSchema(schema);
        return admin;
    }
}
