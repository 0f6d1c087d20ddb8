package org.atrium.workflow.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.dicom.image.DicomImages;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.Tool;
import org.atrium.extension.api.ToolContext;
import org.atrium.extension.api.ToolDescriptor;
import org.atrium.extension.api.ToolSession;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.store.Datasets;
import org.atrium.store.IngestContext;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.atrium.store.StoreResult;
import org.atrium.workflow.ToolLaunch;
import org.atrium.workflow.ToolService;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowException.Reason;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches tools on series of the store. Each launch gets a folder ({@code tools/<id>} under the
 * workflow work directory) and a {@link ToolContext} whose {@code importResult} stores what the
 * tool produced (source {@code tool:<id>}, with the labels of the chosen series). A launch whose
 * program has ended is closed after {@link #GRACE} (files saved just before the end are still
 * imported); uninstalling a tool closes its launches.
 */
@Component(
        service = ToolService.class,
        configurationPid = WorkflowConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ToolComponent implements ToolService {

    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ToolComponent.class);
    private static final int LOG_LINES = 500;
    private static final int MAX_DERIVED = 100;

    private final ResearchStore store;
    private final Datasets datasets;
    private final DicomFiles dicom;
    private final DicomImages images;
    private final Path root;
    private final ServiceTracker<MetadataSearch, MetadataSearch> searches;
    private final List<Tool> tools = new CopyOnWriteArrayList<>();
    private final Map<Long, Launch> launches = new ConcurrentHashMap<>();
    private final AtomicLong ids;
    private final ScheduledExecutorService sweeper;

    @Activate
    public ToolComponent(
            BundleContext context,
            @Reference ResearchStore store,
            @Reference Datasets datasets,
            @Reference DicomFiles dicom,
            @Reference DicomImages images,
            WorkflowConfig config)
            throws IOException {
        this.store = store;
        this.datasets = datasets;
        this.dicom = dicom;
        this.images = images;
        this.root = Files.createDirectories(WorkflowComponent.workRoot(config).resolve("tools"));
        this.ids = new AtomicLong(lastLaunch(root));
        this.searches = new ServiceTracker<>(context, MetadataSearch.class, null);
        searches.open();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atrium-tool-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.SECONDS);
    }

    /** Launch folders are numbered; numbering goes on after a restart so that none is reused. */
    private static long lastLaunch(Path root) throws IOException {
        try (Stream<Path> folders = Files.list(root)) {
            return folders.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("\\d{1,18}"))
                    .mapToLong(Long::parseLong)
                    .max()
                    .orElse(0);
        }
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        launches.values().forEach(Launch::close);
        launches.clear();
        searches.close();
    }

    @Reference(
            service = Tool.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeTool")
    void addTool(Tool tool) {
        tools.add(tool);
        ToolDescriptor d = tool.descriptor();
        LOG.info("Tool {} {} ({}) installed", d.id(), d.version(), d.vendor());
    }

    void removeTool(Tool tool) {
        tools.remove(tool);
        launches.values().removeIf(launch -> {
            if (launch.tool == tool) {
                launch.log("closed: the tool was uninstalled");
                launch.close();
                return true;
            }
            return false;
        });
        LOG.info(
                "Tool {} {} uninstalled",
                tool.descriptor().id(),
                tool.descriptor().version());
    }

    @Override
    public List<ToolDescriptor> tools() {
        return tools.stream()
                .map(Tool::descriptor)
                .sorted(Comparator.comparing(ToolDescriptor::id).thenComparing(ToolDescriptor::version, Versions.ORDER))
                .toList();
    }

    @Override
    public ToolLaunch launch(String toolId, List<String> seriesUids, String user) throws WorkflowException {
        Tool tool = tools.stream()
                .filter(t -> t.descriptor().id().equals(toolId))
                .max(Comparator.comparing(t -> t.descriptor().version(), Versions.ORDER))
                .orElseThrow(() -> new WorkflowException(Reason.NOT_FOUND, "no tool " + toolId + " is installed"));
        ToolDescriptor descriptor = tool.descriptor();
        if (seriesUids == null || seriesUids.isEmpty()) {
            throw new WorkflowException(Reason.INVALID, "choose at least one series to open in " + descriptor.name());
        }
        List<InputSeries> inputs = inputs(descriptor, seriesUids);
        long id = ids.incrementAndGet();
        Path folder;
        try {
            folder = Files.createDirectories(root.resolve(Long.toString(id)));
        } catch (IOException e) {
            throw new WorkflowException(Reason.UNAVAILABLE, "cannot create the launch's folder: " + e.getMessage(), e);
        }
        Launch launch = new Launch(id, tool, descriptor, user, inputs, folder);
        try {
            launch.session = tool.launch(launch);
        } catch (Exception e) {
            deleteQuietly(folder);
            String reason = e instanceof IllegalStateException && e.getMessage() != null
                    ? e.getMessage()
                    : descriptor.name() + " could not be launched: " + Engine.reason(e);
            LOG.warn("{} refused a launch by {}: {}", descriptor.id(), user, reason);
            throw new WorkflowException(Reason.CONFLICT, reason, e);
        }
        launches.put(id, launch);
        LOG.info("{} {} launched by {} on {} (launch {})", descriptor.id(), descriptor.version(), user, seriesUids, id);
        return launch.view();
    }

    @Override
    public ToolLaunch launchOnDataset(String toolId, long datasetId, String user) throws WorkflowException {
        List<String> series = DatasetSeries.of(datasets, searches.getService(), datasetId);
        if (series.isEmpty()) {
            throw new WorkflowException(Reason.INVALID, "dataset " + datasetId + " has no series");
        }
        return launch(toolId, series, user);
    }

    /** The chosen series, each followed by the segmentations made from it. */
    private List<InputSeries> inputs(ToolDescriptor descriptor, List<String> seriesUids) throws WorkflowException {
        Set<String> uids = new LinkedHashSet<>();
        for (String uid : seriesUids) {
            String sopClass = StoreInputs.sopClass(store, uid);
            if (sopClass == null) {
                throw new WorkflowException(Reason.NOT_FOUND, "series " + uid + " is not in the store");
            }
            uids.add(uid);
            uids.addAll(derivedSegmentations(uid));
        }
        List<InputSeries> inputs = new ArrayList<>();
        for (String uid : uids) {
            InputSeries series;
            try {
                series = StoreInputs.input(store, uid);
            } catch (Exception e) {
                throw new WorkflowException(
                        Reason.NOT_FOUND, "series " + uid + " cannot be read: " + e.getMessage(), e);
            }
            if (seriesUids.contains(uid)
                    && !descriptor.inputs().accepts(series.modality(), StoreInputs.sopClass(store, uid))) {
                throw new WorkflowException(
                        Reason.INVALID,
                        descriptor.name() + " does not open " + series.modality() + " series (it takes "
                                + descriptor.inputs().modalities() + ")");
            }
            inputs.add(series);
        }
        return inputs;
    }

    private List<String> derivedSegmentations(String seriesUid) {
        MetadataSearch search = searches.getService();
        if (search == null) {
            return List.of();
        }
        try {
            return search
                    .search(new SearchRequest(
                            SearchLevel.SERIES,
                            "ReferencedSeries:\"" + seriesUid + "\" AND Modality:SEG",
                            List.of(),
                            "",
                            0,
                            MAX_DERIVED))
                    .docs()
                    .stream()
                    .map(doc -> String.valueOf(doc.get("SeriesInstanceUID")))
                    .toList();
        } catch (SearchException e) {
            LOG.info("Segmentations of {} not looked up: {}", seriesUid, e.getMessage());
            return List.of();
        }
    }

    @Override
    public List<ToolLaunch> launches() {
        return launches.values().stream()
                .sorted(Comparator.comparingLong((Launch l) -> l.id).reversed())
                .map(Launch::view)
                .toList();
    }

    @Override
    public Optional<ToolLaunch> launch(long id) {
        return Optional.ofNullable(launches.get(id)).map(Launch::view);
    }

    @Override
    public ToolLaunch close(long id) throws WorkflowException {
        Launch launch = launches.remove(id);
        if (launch == null) {
            throw new WorkflowException(Reason.NOT_FOUND, "no open tool launch " + id);
        }
        launch.log("closed");
        launch.close();
        return launch.view();
    }

    private void sweep() {
        Instant now = Instant.now();
        launches.values().removeIf(launch -> {
            boolean ended = launch.endedFor(now).compareTo(GRACE) >= 0;
            if (ended) {
                launch.log("closed: the program ended");
                launch.close();
            }
            return ended;
        });
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", folder, e.getMessage());
        }
    }

    /** One launch: the context the tool sees, and what the platform shows of it. */
    private final class Launch implements ToolContext {
        final long id;
        final Tool tool;
        final ToolDescriptor descriptor;
        final String user;
        final List<InputSeries> inputs;
        final Path folder;
        final Instant started = Instant.now();
        final Deque<String> lines = new ArrayDeque<>();
        final List<String> imported = new CopyOnWriteArrayList<>();
        volatile ToolSession session;
        volatile Instant endedAt;

        Launch(long id, Tool tool, ToolDescriptor descriptor, String user, List<InputSeries> inputs, Path folder) {
            this.id = id;
            this.tool = tool;
            this.descriptor = descriptor;
            this.user = user;
            this.inputs = List.copyOf(inputs);
            this.folder = folder;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public List<InputSeries> inputs() {
            return inputs;
        }

        @Override
        public Path workDir() {
            return folder;
        }

        /**
         * Stores a copy of the file (the tool's folder keeps its own): checked for the identifiers
         * every stored object needs first, so that nothing half-valid enters the store.
         */
        @Override
        public void importResult(Path part10File) throws IOException {
            Attributes header = dicom.readHeader(part10File);
            for (int tag :
                    new int[] {Tag.SOPInstanceUID, Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPClassUID}) {
                if (header.getString(tag) == null || header.getString(tag).isBlank()) {
                    throw new IOException(
                            part10File.getFileName() + " is not importable: it has no " + dicom.keywordOf(tag));
                }
            }
            Set<String> labels = new LinkedHashSet<>();
            inputs.forEach(series -> labels.addAll(store.labels(series.seriesInstanceUid())));
            Path incoming = store.incomingDir().resolve("tool-" + id + "-" + System.nanoTime() + ".dcm");
            try {
                Files.copy(part10File, incoming, StandardCopyOption.REPLACE_EXISTING);
                StoreResult result = store.store(incoming, new IngestContext("tool:" + id, "tool", labels));
                String uid = header.getString(Tag.SOPInstanceUID);
                imported.add(uid);
                log("stored " + part10File.getFileName() + " as " + uid + " (" + result.outcome() + ")");
            } catch (StoreException e) {
                throw new IOException("the store refused " + part10File.getFileName() + ": " + e.getMessage(), e);
            } finally {
                Files.deleteIfExists(incoming);
            }
        }

        @Override
        public void log(String line) {
            synchronized (lines) {
                lines.addLast(Instant.now() + " " + line);
                while (lines.size() > LOG_LINES) {
                    lines.removeFirst();
                }
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

        Duration endedFor(Instant now) {
            ToolSession current = session;
            if (current == null || current.alive()) {
                return Duration.ZERO;
            }
            if (endedAt == null) {
                endedAt = now;
                log("the program ended");
            }
            return Duration.between(endedAt, now);
        }

        void close() {
            ToolSession current = session;
            if (current != null) {
                try {
                    current.close();
                } catch (RuntimeException e) {
                    LOG.warn("Closing launch {} of {} failed", id, descriptor.id(), e);
                }
            }
        }

        ToolLaunch view() {
            ToolSession current = session;
            List<String> log;
            synchronized (lines) {
                log = List.copyOf(lines);
            }
            String status;
            boolean alive;
            try {
                status = current == null ? "starting" : current.status();
                alive = current != null && current.alive();
            } catch (RuntimeException e) {
                status = "the tool cannot say: " + Engine.reason(e);
                alive = false;
            }
            return new ToolLaunch(
                    id,
                    descriptor.id(),
                    descriptor.version(),
                    user,
                    inputs.stream().map(InputSeries::seriesInstanceUid).toList(),
                    folder.toString(),
                    started,
                    status,
                    alive,
                    imported,
                    log);
        }
    }
}
