package org.atrium.workflow.internal;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;

/** The engine tests with the job tables on a real PostgreSQL server. */
class PostgresEngineTest extends EngineTest {

    private DataSource schema;

    @BeforeEach
    void freshSchema() throws Exception {
        schema = TestPostgres.freshSchema("atrium_engine_test");
    }

    @Override
    DataSource dataSource() {
        return schema;
    }
}
