package org.atrium.store;

/** EventAdmin topics and property names of the store's events. */
public final class StoreEvents {

    private StoreEvents() {}

    public static final String TOPIC_PREFIX = "org/atrium/store/";
    /** An instance was stored (new or replaced). */
    public static final String INSTANCE_STORED = TOPIC_PREFIX + "INSTANCE_STORED";
    /** An instance was deleted. */
    public static final String INSTANCE_DELETED = TOPIC_PREFIX + "INSTANCE_DELETED";
    /** No instance arrived for a series during the configured quiet period. */
    public static final String SERIES_QUIET = TOPIC_PREFIX + "SERIES_QUIET";

    public static final String SOP_INSTANCE_UID = "sopInstanceUid";
    public static final String SOP_CLASS_UID = "sopClassUid";
    public static final String SERIES_INSTANCE_UID = "seriesInstanceUid";
    public static final String STUDY_INSTANCE_UID = "studyInstanceUid";
    public static final String PATIENT_KEY = "patientKey";
    public static final String MODALITY = "modality";
    public static final String LABELS = "labels";
    public static final String SOURCE = "source";
    /**
     * When the instance was stored, epoch milliseconds ({@code Long}, on {@link #INSTANCE_STORED}):
     * its {@link InstanceRecord#receivedAt()}, as {@link ResearchStore#receivedSince} orders by.
     *
     * @since 1.2
     */
    public static final String RECEIVED_AT = "receivedAt";
    /** Number of instances of the series (on {@link #SERIES_QUIET}). */
    public static final String INSTANCE_COUNT = "instanceCount";

    /**
     * Service property of the {@code javax.sql.DataSource} the store registers for its index
     * database; filter {@code (atrium.db=store)}. Its connections do not auto-commit. Other
     * bundles may keep tables of their own there (with names of their own); the store's tables
     * are its own business.
     */
    public static final String DATA_SOURCE_PROPERTY = "atrium.db";

    /** Value of {@link #DATA_SOURCE_PROPERTY} on the store's data source. */
    public static final String DATA_SOURCE_STORE = "store";

    /** Service property of the store's data source: {@code H2} or {@code POSTGRESQL}. */
    public static final String DATA_SOURCE_DIALECT = "atrium.db.dialect";
}
