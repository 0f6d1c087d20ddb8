package org.atrium.pacs.internal;

import javax.sql.DataSource;

/** The import and forwarding tables on a real PostgreSQL server. */
class PostgresPacsTablesTest extends PacsTablesTest {

    @Override
    DataSource dataSource() throws Exception {
        return TestPostgres.freshSchema("atrium_pacs_test");
    }
}
