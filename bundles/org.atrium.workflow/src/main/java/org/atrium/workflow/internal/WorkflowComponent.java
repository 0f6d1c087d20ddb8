package org.atrium.workflow.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.Tool;
import org.atrium.extension.api.ToolDescriptor;
import org.atrium.search.MetadataSearch;
import org.atrium.store.Datasets;
import org.atrium.store.IngestContext;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreEvents;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;
import org.atrium.store.StoreResult;
import org.atrium.workflow.Job;
import org.atrium.workflow.JobFilter;
import org.atrium.workflow.JobState;
import org.atrium.workflow.LogLine;
import org.atrium.workflow.Workflow;
import org.atrium.workflow.WorkflowEvents;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowException.Reason;
import org.atrium.workflow.WorkflowRequest;
import org.atrium.workflow.WorkflowService;
import org.osgi.framework.BundleContext;
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
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow service: tracks the installed algorithms and tools, keeps workflows and jobs in the
 * store's database and runs them on the {@link Engine}. A configuration change restarts it; jobs
 * that were running are queued again (see {@link Engine}).
 */
@Component(
        service = WorkflowService.class,
        configurationPid = WorkflowConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WorkflowConfig.class)
public final class WorkflowComponent implements WorkflowService, JobIo, AlgorithmLookup {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowComponent.class);
    private static final int UID_CHUNK = 500;

    private final ResearchStore store;
    private final Datasets datasets;
    private final DicomFiles dicom;
    private final DicomImages images;
    private final DicomClient client;
    private final WorkflowConfig config;
    private final List<Algorithm> algorithms = new CopyOnWriteArrayList<>();
    private final List<Tool> tools = new CopyOnWriteArrayList<>();
    private volatile Engine engine;

    /*
     * Optional services, looked up when used rather than bound at activation: binding them made
     * SCR fetch them while this component was itself being fetched (from a service event of theirs),
     * which Felix refuses as a service factory cycle and left the engine unregistered.
     */
    private final ServiceTracker<EventAdmin, EventAdmin> eventAdmins;
    private final ServiceTracker<MetadataSearch, MetadataSearch> searches;
    private final ServiceTracker<DicomNodes, DicomNodes> nodeRegistries;

    @Activate
    public WorkflowComponent(
            BundleContext context,
            @Reference(target = "(" + StoreEvents.DATA_SOURCE_PROPERTY + "=" + StoreEvents.DATA_SOURCE_STORE + ")")
                    DataSource dataSource,
            @Reference ResearchStore store,
            @Reference Datasets datasets,
            @Reference DicomFiles dicom,
            @Reference DicomImages images,
            @Reference DicomClient client,
            WorkflowConfig config)
            throws SQLException, IOException {
        this.store = store;
        this.datasets = datasets;
        this.dicom = dicom;
        this.images = images;
        this.client = client;
        this.config = config;
        this.eventAdmins = new ServiceTracker<>(context, EventAdmin.class, null);
        this.searches = new ServiceTracker<>(context, MetadataSearch.class, null);
        this.nodeRegistries = new ServiceTracker<>(context, DicomNodes.class, null);
        eventAdmins.open();
        searches.open();
        nodeRegistries.open();
        int cpus =
                config.cpuSlots() > 0 ? config.cpuSlots() : Runtime.getRuntime().availableProcessors();
        long memory =
                config.memoryMb() > 0 ? config.memoryMb() : Runtime.getRuntime().maxMemory() * 3 / 4 >> 20;
        ResourcePool pool = new ResourcePool(cpus, memory, config.gpus());
        Engine started = new Engine(
                new JobTable(dataSource),
                this,
                this,
                pool,
                Duration.ofMinutes(Math.max(1, config.defaultTimeoutMinutes())),
                workRoot(config));
        this.engine = started;
        started.recover();
        LOG.info("Workflow engine: {}, default timeout {} min", pool, config.defaultTimeoutMinutes());
    }

    static Path workRoot(WorkflowConfig config) {
        if (!config.workDirectory().isBlank()) {
            return Paths.get(config.workDirectory());
        }
        String data = System.getProperty("atrium.data");
        return data == null || data.isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "atrium", "workflow")
                : Paths.get(data, "workflow");
    }

    @Deactivate
    void deactivate() {
        eventAdmins.close();
        searches.close();
        nodeRegistries.close();
        Engine current = engine;
        engine = null;
        if (current != null) {
            current.close();
        }
    }

    @Reference(
            service = Algorithm.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeAlgorithm")
    void addAlgorithm(Algorithm algorithm) {
        algorithms.add(algorithm);
        AlgorithmDescriptor d = algorithm.descriptor();
        LOG.info("Algorithm {} {} ({}) installed", d.id(), d.version(), d.vendor());
        Engine current = engine;
        if (current != null) {
            current.dispatch();
        }
    }

    void removeAlgorithm(Algorithm algorithm) {
        algorithms.remove(algorithm);
        AlgorithmDescriptor d = algorithm.descriptor();
        LOG.info("Algorithm {} {} uninstalled", d.id(), d.version());
        Engine current = engine;
        if (current != null) {
            current.algorithmRemoved(algorithm);
        }
    }

    @Reference(
            service = Tool.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeTool")
    void addTool(Tool tool) {
        tools.add(tool);
    }

    void removeTool(Tool tool) {
        tools.remove(tool);
    }

    private Engine engine() throws WorkflowException {
        Engine current = engine;
        if (current == null) {
            throw new WorkflowException(Reason.UNAVAILABLE, "the workflow engine is stopping");
        }
        return current;
    }

    // ---- WorkflowService

    @Override
    public Workflow start(WorkflowRequest request) throws WorkflowException {
        return engine().start(request);
    }

    @Override
    public List<Workflow> workflows() throws WorkflowException {
        return engine().workflows();
    }

    @Override
    public Optional<Workflow> workflow(long id) throws WorkflowException {
        return engine().workflow(id);
    }

    @Override
    public List<Job> jobs(JobFilter filter) throws WorkflowException {
        return engine().jobs(filter);
    }

    @Override
    public Optional<Job> job(long id) throws WorkflowException {
        return engine().job(id);
    }

    @Override
    public List<LogLine> log(long jobId) throws WorkflowException {
        return engine().log(jobId);
    }

    @Override
    public Job cancel(long jobId, String reason) throws WorkflowException {
        return engine().cancel(jobId, reason);
    }

    @Override
    public Job retry(long jobId) throws WorkflowException {
        return engine().retry(jobId);
    }

    @Override
    public Workflow rerun(long workflowId, String owner) throws WorkflowException {
        return engine().rerun(workflowId, owner);
    }

    @Override
    public List<AlgorithmDescriptor> algorithms() {
        return algorithms.stream()
                .map(Algorithm::descriptor)
                .sorted(Comparator.comparing(AlgorithmDescriptor::id)
                        .thenComparing(AlgorithmDescriptor::version, Versions.ORDER))
                .toList();
    }

    @Override
    public List<ToolDescriptor> tools() {
        return tools.stream()
                .map(Tool::descriptor)
                .sorted(Comparator.comparing(ToolDescriptor::id).thenComparing(ToolDescriptor::version, Versions.ORDER))
                .toList();
    }

    // ---- AlgorithmLookup

    @Override
    public Optional<Algorithm> find(String id, String version) {
        for (Algorithm algorithm : algorithms) {
            AlgorithmDescriptor d = algorithm.descriptor();
            if (d.id().equals(id) && d.version().equals(version)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Algorithm> versions(String id) {
        return algorithms.stream()
                .filter(a -> a.descriptor().id().equals(id))
                .sorted(Comparator.comparing((Algorithm a) -> a.descriptor().version(), Versions.ORDER)
                        .reversed())
                .toList();
    }

    // ---- JobIo

    @Override
    public Map<String, SeriesInfo> describe(List<String> seriesUids) throws WorkflowException {
        Map<String, SeriesInfo> out = new HashMap<>();
        try {
            for (int from = 0; from < seriesUids.size(); from += UID_CHUNK) {
                List<String> chunk = seriesUids.subList(from, Math.min(seriesUids.size(), from + UID_CHUNK));
                for (Match match : store.find(new StoreQuery(
                        ResearchStore.Level.SERIES,
                        Map.of("SeriesInstanceUID", String.join("\\", chunk)),
                        chunk.size()))) {
                    String uid = match.get("SeriesInstanceUID");
                    List<InstanceRecord> instances = store.instances(ResearchStore.Level.SERIES, uid);
                    if (!instances.isEmpty()) {
                        out.put(
                                uid,
                                new SeriesInfo(
                                        match.get("Modality"), instances.get(0).sopClassUid()));
                    }
                }
            }
        } catch (StoreException e) {
            throw new WorkflowException(Reason.UNAVAILABLE, "the store cannot list the series: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public List<String> datasetSeries(long datasetId) throws WorkflowException {
        return DatasetSeries.of(datasets, searches.getService(), datasetId);
    }

    @Override
    public InputSeries input(String seriesUid) throws Exception {
        return StoreInputs.input(store, seriesUid);
    }

    @Override
    public List<String> store(long jobId, List<String> sourceSeries, List<Path> files) throws Exception {
        List<String> uids = new ArrayList<>();
        for (Path file : files) {
            uids.add(checkedUid(file));
        }
        Set<String> labels = new LinkedHashSet<>();
        sourceSeries.forEach(uid -> labels.addAll(store.labels(uid)));
        IngestContext context = new IngestContext("workflow:" + jobId, "workflow", labels);
        List<String> stored = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                Path incoming = store.incomingDir().resolve("workflow-" + jobId + "-" + System.nanoTime() + ".dcm");
                Files.move(files.get(i), incoming, StandardCopyOption.REPLACE_EXISTING);
                try {
                    StoreResult result = store.store(incoming, context);
                    if (result.outcome() != StoreResult.Outcome.DUPLICATE_IGNORED) {
                        stored.add(uids.get(i));
                    }
                } finally {
                    Files.deleteIfExists(incoming);
                }
            }
        } catch (Exception | Error e) {
            for (String uid : stored) {
                try {
                    store.delete(ResearchStore.Level.INSTANCE, uid);
                } catch (StoreException | RuntimeException undo) {
                    LOG.error("Job {}: cannot remove result {} after a failed store", jobId, uid, undo);
                }
            }
            throw new IllegalStateException("storing the results failed, none was kept: " + Engine.reason(e), e);
        }
        return uids;
    }

    private String checkedUid(Path file) {
        Attributes header;
        try {
            header = dicom.readHeader(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "result " + file.getFileName() + " is not valid DICOM: " + Engine.reason(e));
        }
        for (int tag : new int[] {Tag.SOPInstanceUID, Tag.StudyInstanceUID, Tag.SOPClassUID}) {
            if (header.getString(tag) == null) {
                throw new IllegalStateException(
                        "result " + file.getFileName() + " is not valid DICOM: it has no " + dicom.keywordOf(tag));
            }
        }
        return header.getString(Tag.SOPInstanceUID);
    }

    @Override
    public String forward(List<String> sopInstanceUids, Consumer<String> log) {
        String target = config.forwardTo().trim();
        if (target.isEmpty()) {
            return null;
        }
        String outcome;
        try {
            DicomNodes current = nodeRegistries.getService();
            Optional<RemoteNode> node = current == null ? Optional.empty() : current.find(target);
            if (node.isEmpty()) {
                outcome = "not forwarded: no DICOM node '" + target + "' is configured";
            } else {
                List<Path> files = new ArrayList<>();
                for (String uid : sopInstanceUids) {
                    store.instance(uid).map(store::file).ifPresent(files::add);
                }
                DicomClient.StoreReport report =
                        client.cstore(current.localAeTitle(), node.get().node(), files);
                outcome = report.failed() == 0
                        ? "forwarded " + files.size() + " result(s) to " + target
                        : "forwarding to " + target + " failed for " + report.failed() + " of " + files.size() + ": "
                                + report.results().stream()
                                        .filter(r -> r.message() != null)
                                        .map(DicomClient.FileResult::message)
                                        .findFirst()
                                        .orElse("");
            }
        } catch (Exception e) {
            outcome = "forwarding to " + target + " failed: " + Engine.reason(e);
        }
        log.accept(outcome);
        if (!outcome.startsWith("forwarded")) {
            LOG.warn("Workflow results: {}", outcome);
        }
        return outcome;
    }

    @Override
    public void changed(long jobId, long workflowId, String algorithmId, JobState state, double progress) {
        EventAdmin admin = eventAdmins.getService();
        if (admin != null) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(WorkflowEvents.JOB_ID, jobId);
            properties.put(WorkflowEvents.WORKFLOW_ID, workflowId);
            properties.put(WorkflowEvents.ALGORITHM_ID, algorithmId);
            properties.put(WorkflowEvents.STATE, state.name());
            properties.put(WorkflowEvents.PROGRESS, progress);
            admin.postEvent(new Event(WorkflowEvents.JOB_CHANGED, properties));
        }
    }

    @Override
    public DicomFiles dicom() {
        return dicom;
    }

    @Override
    public DicomImages images() {
        return images;
    }
}
