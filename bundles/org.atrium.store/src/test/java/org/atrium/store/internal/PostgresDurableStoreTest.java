package org.atrium.store.internal;

import org.junit.jupiter.api.BeforeEach;

/** The store's tests on a real PostgreSQL server (CI starts one on loopback). */
class PostgresDurableStoreTest extends DurableStoreTest {

    @Override
    @BeforeEach
    void open() throws Exception {
        assumePostgres();
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
