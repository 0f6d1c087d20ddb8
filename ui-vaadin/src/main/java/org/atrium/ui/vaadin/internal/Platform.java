package org.atrium.ui.vaadin.internal;

import com.vaadin.flow.server.VaadinServlet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.atrium.core.health.HealthCheck;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.net.DicomListeners;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.extension.Extensions;
import org.atrium.search.MetadataSearch;
import org.atrium.store.Datasets;
import org.atrium.store.ResearchStore;
import org.atrium.ui.vaadin.internal.viewer.SegCache;
import org.atrium.ui.vaadin.internal.viewer.Slices;
import org.atrium.web.UserRealm;
import org.atrium.workflow.WorkflowService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

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
    private final List<HealthCheck> healthChecks = new CopyOnWriteArrayList<>();
    private volatile MetadataSearch search;
    private volatile DicomNodes nodes;
    private volatile DicomListeners listeners;
    private volatile DicomClient client;
    private volatile WorkflowService workflows;
    private volatile Extensions extensions;

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
        return Optional.ofNullable(search);
    }

    public Optional<DicomNodes> nodes() {
        return Optional.ofNullable(nodes);
    }

    public Optional<DicomListeners> listeners() {
        return Optional.ofNullable(listeners);
    }

    public Optional<DicomClient> client() {
        return Optional.ofNullable(client);
    }

    public Optional<Extensions> extensions() {
        return Optional.ofNullable(extensions);
    }

    public Optional<WorkflowService> workflows() {
        return Optional.ofNullable(workflows);
    }

    public List<HealthCheck> healthChecks() {
        return List.copyOf(healthChecks);
    }

    public String version() {
        return bundleContext.getBundle().getVersion().toString();
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSearch(MetadataSearch search) {
        this.search = search;
    }

    void unsetSearch(MetadataSearch gone) {
        if (search == gone) {
            search = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setNodes(DicomNodes nodes) {
        this.nodes = nodes;
    }

    void unsetNodes(DicomNodes gone) {
        if (nodes == gone) {
            nodes = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setListeners(DicomListeners listeners) {
        this.listeners = listeners;
    }

    void unsetListeners(DicomListeners gone) {
        if (listeners == gone) {
            listeners = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setClient(DicomClient client) {
        this.client = client;
    }

    void unsetClient(DicomClient gone) {
        if (client == gone) {
            client = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setExtensions(Extensions extensions) {
        this.extensions = extensions;
    }

    void unsetExtensions(Extensions gone) {
        if (extensions == gone) {
            extensions = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setWorkflows(WorkflowService workflows) {
        this.workflows = workflows;
    }

    void unsetWorkflows(WorkflowService gone) {
        if (workflows == gone) {
            workflows = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addHealthCheck(HealthCheck check) {
        healthChecks.add(check);
    }

    void removeHealthCheck(HealthCheck check) {
        healthChecks.remove(check);
    }
}
