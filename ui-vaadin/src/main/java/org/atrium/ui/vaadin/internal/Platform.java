package org.atrium.ui.vaadin.internal;

import com.vaadin.flow.server.VaadinServlet;
import java.util.List;
import java.util.Optional;
import org.atrium.core.health.HealthCheck;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.net.DicomListeners;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.extension.Extensions;
import org.atrium.pacs.Imports;
import org.atrium.pacs.PacsQuery;
import org.atrium.search.MetadataSearch;
import org.atrium.store.Datasets;
import org.atrium.store.ResearchStore;
import org.atrium.ui.vaadin.internal.viewer.SegCache;
import org.atrium.ui.vaadin.internal.viewer.Slices;
import org.atrium.web.UserRealm;
import org.atrium.workflow.ToolService;
import org.atrium.workflow.WorkflowService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The platform's services as the views see them. Vaadin creates views itself, outside Declarative
 * Services, so they reach this component through the servlet context ({@link #current()}).
 * Search, DICOM networking and health checks may come and go; the store and the realm may not.
 */
@Component(service = Platform.class)
public final class Platform {

    private final BundleContext bundleContext;
    private final UserRealm realm;
    private final ResearchStore store;
    private final Datasets datasets;
    private final DicomFiles dicomFiles;
    private final DicomImages images;
    private final Slices slices;
    private final SegCache segmentations;
    private final ServiceTracker<HealthCheck, HealthCheck> healthChecks;
    /*
     * Optional services are looked up when a view needs them, not bound at activation: binding
     * them would make SCR fetch (and so activate) them, and the components behind them, whenever
     * they appear, with this component in the middle of unrelated activations.
     */
    private final ServiceTracker<MetadataSearch, MetadataSearch> search;
    private final ServiceTracker<DicomNodes, DicomNodes> nodes;
    private final ServiceTracker<DicomListeners, DicomListeners> listeners;
    private final ServiceTracker<DicomClient, DicomClient> client;
    private final ServiceTracker<WorkflowService, WorkflowService> workflows;
    private final ServiceTracker<Extensions, Extensions> extensions;
    private final ServiceTracker<PacsQuery, PacsQuery> pacsQuery;
    private final ServiceTracker<Imports, Imports> imports;
    private final ServiceTracker<ToolService, ToolService> tools;

    @Activate
    public Platform(
            BundleContext bundleContext,
            @Reference UserRealm realm,
            @Reference ResearchStore store,
            @Reference Datasets datasets,
            @Reference DicomFiles dicomFiles,
            @Reference DicomImages images) {
        this.bundleContext = bundleContext;
        this.realm = realm;
        this.store = store;
        this.datasets = datasets;
        this.dicomFiles = dicomFiles;
        this.images = images;
        this.slices = new Slices(store, images);
        this.segmentations = new SegCache(images);
        this.search = open(bundleContext, MetadataSearch.class);
        this.nodes = open(bundleContext, DicomNodes.class);
        this.listeners = open(bundleContext, DicomListeners.class);
        this.client = open(bundleContext, DicomClient.class);
        this.workflows = open(bundleContext, WorkflowService.class);
        this.extensions = open(bundleContext, Extensions.class);
        this.healthChecks = open(bundleContext, HealthCheck.class);
        this.pacsQuery = open(bundleContext, PacsQuery.class);
        this.imports = open(bundleContext, Imports.class);
        this.tools = open(bundleContext, ToolService.class);
    }

    private static <T> ServiceTracker<T, T> open(BundleContext context, Class<T> type) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        return tracker;
    }

    @Deactivate
    void deactivate() {
        List.of(search, nodes, listeners, client, workflows, extensions, healthChecks, pacsQuery, imports, tools)
                .forEach(ServiceTracker::close);
    }

    /** The platform of the servlet serving the current request. */
    public static Platform current() {
        return (Platform) VaadinServlet.getCurrent().getServletContext().getAttribute(Platform.class.getName());
    }

    public UserRealm realm() {
        return realm;
    }

    public ResearchStore store() {
        return store;
    }

    public Datasets datasets() {
        return datasets;
    }

    public DicomFiles dicomFiles() {
        return dicomFiles;
    }

    public DicomImages images() {
        return images;
    }

    public Slices slices() {
        return slices;
    }

    public SegCache segmentations() {
        return segmentations;
    }

    public Optional<MetadataSearch> search() {
        return Optional.ofNullable(search.getService());
    }

    public Optional<DicomNodes> nodes() {
        return Optional.ofNullable(nodes.getService());
    }

    public Optional<DicomListeners> listeners() {
        return Optional.ofNullable(listeners.getService());
    }

    public Optional<DicomClient> client() {
        return Optional.ofNullable(client.getService());
    }

    public Optional<PacsQuery> pacsQuery() {
        return Optional.ofNullable(pacsQuery.getService());
    }

    public Optional<Imports> imports() {
        return Optional.ofNullable(imports.getService());
    }

    public Optional<Extensions> extensions() {
        return Optional.ofNullable(extensions.getService());
    }

    public Optional<ToolService> tools() {
        return Optional.ofNullable(tools.getService());
    }

    public Optional<WorkflowService> workflows() {
        return Optional.ofNullable(workflows.getService());
    }

    public List<HealthCheck> healthChecks() {
        HealthCheck[] checks = healthChecks.getServices(new HealthCheck[0]);
        return checks == null ? List.of() : List.of(checks);
    }

    public String version() {
        return bundleContext.getBundle().getVersion().toString();
    }
}
