package org.atrium.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Atrium research store", description = "Where DICOM objects and their index live.")
public @interface StoreConfig {

    String PID = "org.atrium.store";
    String DEFAULT_DIRECTORY = "";
    String DEFAULT_DB_URL = "";
    int DEFAULT_DB_POOL_SIZE = 10;
    int DEFAULT_QUIET_PERIOD_SECONDS = 10;
    long DEFAULT_MIN_FREE_MB = 512;

    @AttributeDefinition(
            description =
                    "Store folder; empty means ${atrium.data}/store, or ${karaf.data}/atrium/store without atrium.data.")
    String directory() default DEFAULT_DIRECTORY;

    @AttributeDefinition(
            name = "db.url",
            description = "JDBC URL of the index; empty means an embedded H2 file beside the store. "
                    + "jdbc:postgresql://host:5432/db selects PostgreSQL.")
    String db_url() default DEFAULT_DB_URL;

    @AttributeDefinition(name = "db.user")
    String db_user() default "atrium";

    @AttributeDefinition(name = "db.password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String db_password() default "";

    @AttributeDefinition(name = "db.poolSize")
    int db_poolSize() default DEFAULT_DB_POOL_SIZE;

    @AttributeDefinition(description = "What to do when a SOP Instance UID arrives again.")
    DuplicatePolicy duplicates() default DuplicatePolicy.KEEP_FIRST;

    @AttributeDefinition(description = "Seconds without a new instance after which a series counts as complete.")
    int quietPeriodSeconds() default DEFAULT_QUIET_PERIOD_SECONDS;

    @AttributeDefinition(description = "Below this free space (MB) the store refuses new objects.")
    long minFreeMb() default DEFAULT_MIN_FREE_MB;

    @AttributeDefinition(
            description = "fsync every object and its folder before acknowledging it. Only turn off for tests.")
    boolean fsync() default true;

    enum DuplicatePolicy {
        KEEP_FIRST,
        REPLACE
    }
}
