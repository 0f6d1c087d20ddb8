package org.atrium.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.atrium.core.health.Health;
import org.atrium.core.health.HealthCheck;
import org.atrium.dicom.DicomFiles;
import org.atrium.store.Dataset;
import org.atrium.store.Datasets;
import org.atrium.store.IngestContext;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreEvents;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;
import org.atrium.store.StoreResult;
import org.atrium.store.StoreStatistics;
import org.atrium.store.VerifyReport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the research store; a configuration change restarts it on the new settings. */
@Component(
        service = {ResearchStore.class, Datasets.class, HealthCheck.class},
        configurationPid = StoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfig.class)
public final class StoreComponent implements ResearchStore, Datasets, HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    private final Database database;
    private final DurableStore store;
    private final QuietSeriesTracker quietSeries;
    private final long minFreeBytes;
    private final DatasetTable datasets;
    private final Object registrationLock = new Object();
    private ServiceRegistration<DataSource> dataSourceRegistration;
    private boolean closed;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    /** Outside OSGi (tests of other bundles): no data source service. */
    public StoreComponent(DicomFiles dicom, StoreConfig config) throws IOException, SQLException, StoreException {
        this(null, dicom, config);
    }

    @Activate
    public StoreComponent(BundleContext context, @Reference DicomFiles dicom, StoreConfig config)
            throws IOException, SQLException, StoreException {
        Path root = config.directory().isBlank() ? defaultRoot() : Paths.get(config.directory());
        FileStore files = new FileStore(root.toAbsolutePath(), config.fsync());
        this.database = new Database(
                config.db_url(),
                config.db_user(),
                config.db_password(),
                config.db_poolSize(),
                Files.createDirectories(root.resolve("index")));
        this.minFreeBytes = config.minFreeMb() << 20;
        this.quietSeries =
                new QuietSeriesTracker(Duration.ofSeconds(Math.max(1, config.quietPeriodSeconds())), this::seriesQuiet);
        this.store =
                new DurableStore(files, database, dicom, config.duplicates(), minFreeBytes, this::post, quietSeries);
        try {
            new Recovery(store, dicom).run();
        } catch (IOException | StoreException e) {
            close();
            throw e;
        }
        this.datasets = new DatasetTable(store);
        if (context != null) {
            registerDataSourceLater(context);
        }
        LOG.info("Research store at {} with index {}", root.toAbsolutePath(), database.description());
    }

    /**
     * Registers the pool as a {@code DataSource} service by hand, not as a component service, so
     * that it lives exactly as long as this pool: other bundles (workflows, PACS imports) keep their
     * tables in the same database. Registered from a thread of its own once this component exists:
     * registering it while this constructor runs activated those bundles' components in the middle
     * of it, and their reference to this store then failed as a service factory cycle, leaving them
     * inactive.
     */
    private void registerDataSourceLater(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(StoreEvents.DATA_SOURCE_PROPERTY, StoreEvents.DATA_SOURCE_STORE);
        properties.put(StoreEvents.DATA_SOURCE_DIALECT, database.dialect().name());
        Thread registrar = new Thread(
                () -> {
                    ServiceRegistration<DataSource> registration;
                    try {
                        registration = context.registerService(DataSource.class, database.dataSource(), properties);
                    } catch (IllegalStateException bundleStopped) {
                        return;
                    }
                    synchronized (registrationLock) {
                        if (!closed) {
                            dataSourceRegistration = registration;
                            return;
                        }
                    }
                    unregisterQuietly(registration);
                },
                "atrium-store-datasource");
        registrar.setDaemon(true);
        registrar.start();
    }

    private static void unregisterQuietly(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it already
        }
    }

    /** {@code ${atrium.data}/store}, which the launcher keeps outside the build, else under Karaf's data. */
    static Path defaultRoot() {
        String data = System.getProperty("atrium.data");
        return data == null || data.isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "atrium", "store")
                : Paths.get(data, "store");
    }

    @Deactivate
    public void close() {
        ServiceRegistration<DataSource> registration;
        synchronized (registrationLock) {
            closed = true;
            registration = dataSourceRegistration;
            dataSourceRegistration = null;
        }
        if (registration != null) {
            unregisterQuietly(registration);
        }
        quietSeries.close();
        database.close();
    }

    private void seriesQuiet(String seriesUid, String studyUid) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(StoreEvents.SERIES_INSTANCE_UID, seriesUid);
        properties.put(StoreEvents.STUDY_INSTANCE_UID, studyUid);
        properties.put(
                StoreEvents.INSTANCE_COUNT,
                store.instances(Level.SERIES, seriesUid).size());
        post(StoreEvents.SERIES_QUIET, properties);
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    @Override
    public Path incomingDir() {
        return store.incomingDir();
    }

    @Override
    public StoreResult store(Path part10File, IngestContext context) throws StoreException {
        return store.store(part10File, context);
    }

    @Override
    public Optional<InstanceRecord> instance(String sopInstanceUid) {
        return store.instance(sopInstanceUid);
    }

    @Override
    public List<InstanceRecord> instances(Level level, String uid) {
        return store.instances(level, uid);
    }

    @Override
    public List<String> labels(String seriesInstanceUid) {
        return store.labels(seriesInstanceUid);
    }

    @Override
    public List<InstanceRecord> receivedSince(Instant since, String afterUid, int limit) throws StoreException {
        return store.receivedSince(since, afterUid, limit);
    }

    @Override
    public InputStream open(InstanceRecord instance) throws IOException {
        return store.open(instance);
    }

    @Override
    public Path file(InstanceRecord instance) {
        return store.file(instance);
    }

    @Override
    public List<Match> find(StoreQuery query) throws StoreException {
        return store.find(query);
    }

    @Override
    public List<Match> page(Level level, String afterUid, int limit) throws StoreException {
        return store.page(level, afterUid, limit);
    }

    @Override
    public int delete(Level level, String uid) throws StoreException {
        return store.delete(level, uid);
    }

    @Override
    public StoreStatistics statistics() throws StoreException {
        return store.statistics();
    }

    @Override
    public VerifyReport verify() throws StoreException {
        return store.verify();
    }

    @Override
    public String component() {
        return "store";
    }

    @Override
    public Health check() {
        try {
            StoreStatistics statistics = store.statistics();
            Map<String, Object> details = Map.of(
                    "instances", statistics.instances(),
                    "bytes", statistics.bytes(),
                    "freeBytes", statistics.freeBytes(),
                    "database", statistics.database());
            if (statistics.freeBytes() >= 0 && statistics.freeBytes() < minFreeBytes) {
                return new Health(Health.Status.DEGRADED, "disk almost full: new objects are refused", details);
            }
            return Health.up(statistics.instances() + " instances", details);
        } catch (StoreException | RuntimeException e) {
            return Health.down("index unavailable: " + e.getMessage());
        }
    }

    @Override
    public Dataset create(String name, String query, Collection<String> seriesInstanceUids, String owner)
            throws StoreException {
        return datasets.create(name, query, seriesInstanceUids, owner);
    }

    @Override
    public List<Dataset> list() throws StoreException {
        return datasets.list();
    }

    @Override
    public Optional<Dataset> get(long id) throws StoreException {
        return datasets.get(id);
    }

    @Override
    public Dataset rename(long id, String name) throws StoreException {
        return datasets.rename(id, name);
    }

    @Override
    public boolean delete(long id) throws StoreException {
        return datasets.delete(id);
    }

    @Override
    public int addSeries(long id, Collection<String> seriesInstanceUids) throws StoreException {
        return datasets.addSeries(id, seriesInstanceUids);
    }

    @Override
    public int removeSeries(long id, Collection<String> seriesInstanceUids) throws StoreException {
        return datasets.removeSeries(id, seriesInstanceUids);
    }

    @Override
    public List<String> series(long id) throws StoreException {
        return datasets.series(id);
    }
}
