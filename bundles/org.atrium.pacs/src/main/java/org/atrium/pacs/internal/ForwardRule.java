package org.atrium.pacs.internal;

import java.util.List;
import org.atrium.pacs.Forwarding;
import org.atrium.store.Datasets;
import org.atrium.store.StoreEvents;
import org.atrium.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarding rule (files {@code etc/org.atrium.pacs.forward-<name>.cfg}): every object the
 * store takes in that matches goes into the forwarding queue for the destination.
 */
@Component(
        configurationPid = ForwardRule.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = EventConstants.EVENT_TOPIC + "=" + StoreEvents.INSTANCE_STORED)
@Designate(ocd = ForwardRuleConfig.class, factory = true)
public final class ForwardRule implements EventHandler {

    public static final String FACTORY_PID = "org.atrium.pacs.forward";
    private static final Logger LOG = LoggerFactory.getLogger(ForwardRule.class);

    private final Forwarding forwarding;
    private final Datasets datasets;
    private final ForwardRuleConfig config;
    private final String name;

    @Activate
    public ForwardRule(
            @Reference Forwarding forwarding,
            @Reference Datasets datasets,
            ForwardRuleConfig config,
            java.util.Map<String, Object> properties) {
        this.forwarding = forwarding;
        this.datasets = datasets;
        this.config = config;
        Object pid = properties.get("service.pid");
        this.name =
                "rule:" + (pid == null ? config.destination() : pid.toString().replace(FACTORY_PID + "~", ""));
    }

    static boolean matches(String source, String prefix) {
        return prefix == null || prefix.isEmpty() || (source != null && source.startsWith(prefix));
    }

    @Override
    public void handleEvent(Event event) {
        String sop = (String) event.getProperty(StoreEvents.SOP_INSTANCE_UID);
        String source = (String) event.getProperty(StoreEvents.SOURCE);
        String series = (String) event.getProperty(StoreEvents.SERIES_INSTANCE_UID);
        if (sop == null || !matches(source, config.sourcePrefix())) {
            return;
        }
        try {
            if (config.datasetId() >= 0 && !datasets.series(config.datasetId()).contains(series)) {
                return;
            }
            forwarding.enqueue(config.destination(), List.of(sop), name);
        } catch (StoreException | RuntimeException e) {
            LOG.warn("{}: cannot queue {} for {}: {}", name, sop, config.destination(), e.getMessage());
        }
    }
}
