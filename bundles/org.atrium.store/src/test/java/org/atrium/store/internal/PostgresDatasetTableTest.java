package org.atrium.store.internal;

import org.junit.jupiter.api.BeforeEach;

/** The dataset tests on a real PostgreSQL server (CI starts one on loopback). */
class PostgresDatasetTableTest extends DatasetTableTest {

    @Override
    @BeforeEach
    void open() throws Exception {
        DurableStoreTest.assumePostgres();
        super.open();
    }

    @Override
    String databaseUrl() {
        return System.getenv("ATRIUM_TEST_PG_URL");
    }

    @Override
    String databaseUser() {
        return System.getenv().getOrDefault("ATRIUM_TEST_PG_USER", "atrium");
    }

    @Override
    String databasePassword() {
        return System.getenv().getOrDefault("ATRIUM_TEST_PG_PASSWORD", "");
    }
}
