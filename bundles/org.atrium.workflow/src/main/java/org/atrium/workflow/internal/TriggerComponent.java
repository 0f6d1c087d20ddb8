package org.atrium.workflow.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreEvents;
import org.atrium.web.JsonReader;
import org.atrium.workflow.Workflow;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowRequest;
import org.atrium.workflow.WorkflowService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trigger ({@code etc/org.atrium.workflow.trigger-<name>.cfg}): when a series goes quiet in
 * the store and the search index says it matches the query, a workflow runs on it. Series the
 * workflows themselves produced (ingest source {@code workflow:*}) never trigger.
 */
@Component(
        service = EventHandler.class,
        configurationPid = TriggerConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = EventConstants.EVENT_TOPIC + "=" + StoreEvents.SERIES_QUIET)
@Designate(ocd = TriggerConfig.class, factory = true)
public final class TriggerComponent implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerComponent.class);
    private static final int RETRY_SECONDS = 3;

    private final WorkflowService workflows;
    private final ResearchStore store;
    private final MetadataSearch search;
    private final TriggerConfig config;
    private final Map<String, Object> parameters;
    private final ScheduledExecutorService executor;

    @Activate
    public TriggerComponent(
            @Reference WorkflowService workflows,
            @Reference ResearchStore store,
            @Reference MetadataSearch search,
            TriggerConfig config) {
        this.workflows = workflows;
        this.store = store;
        this.search = search;
        this.config = config;
        this.parameters = JsonReader.readObject(config.parameters().isBlank() ? "{}" : config.parameters());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atrium-workflow-trigger");
            t.setDaemon(true);
            return t;
        });
        LOG.info("Trigger: {} on series matching '{}'", config.algorithm(), config.query());
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        Object uid = event.getProperty(StoreEvents.SERIES_INSTANCE_UID);
        if (uid != null) {
            executor.execute(() -> check(uid.toString(), 0));
        }
    }

    private void check(String seriesUid, int waited) {
        boolean fromWorkflow = store.instances(ResearchStore.Level.SERIES, seriesUid).stream()
                .anyMatch(i -> i.source() != null && i.source().startsWith("workflow:"));
        if (fromWorkflow) {
            return;
        }
        String filter = "SeriesInstanceUID:\"" + seriesUid + "\"";
        try {
            long matching = search.search(
                            new SearchRequest(SearchLevel.SERIES, config.query(), List.of(filter), "", 0, 0))
                    .numFound();
            if (matching == 0) {
                long indexed = search.search(new SearchRequest(SearchLevel.SERIES, "", List.of(filter), "", 0, 0))
                        .numFound();
                if (indexed == 0 && waited < config.indexWaitSeconds()) {
                    executor.schedule(() -> check(seriesUid, waited + RETRY_SECONDS), RETRY_SECONDS, TimeUnit.SECONDS);
                }
                return;
            }
            Workflow workflow = workflows.start(new WorkflowRequest(
                    config.algorithm(),
                    config.version().isBlank() ? null : config.version(),
                    parameters,
                    null,
                    List.of(seriesUid),
                    null,
                    "trigger"));
            LOG.info("Trigger '{}' started workflow {} on series {}", config.query(), workflow.id(), seriesUid);
        } catch (SearchException e) {
            if (waited < config.indexWaitSeconds()) {
                executor.schedule(() -> check(seriesUid, waited + RETRY_SECONDS), RETRY_SECONDS, TimeUnit.SECONDS);
            } else {
                LOG.warn(
                        "Trigger on {}: search failed for series {}: {}",
                        config.algorithm(),
                        seriesUid,
                        e.getMessage());
            }
        } catch (WorkflowException | RuntimeException e) {
            LOG.warn("Trigger on {}: no workflow for series {}: {}", config.algorithm(), seriesUid, e.getMessage());
        }
    }
}
