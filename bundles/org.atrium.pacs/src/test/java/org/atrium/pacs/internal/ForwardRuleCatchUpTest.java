package org.atrium.pacs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.dicom.internal.pixelmed.PixelMedClient;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.dicom.net.internal.NodeRegistry;
import org.atrium.pacs.ForwardItem;
import org.atrium.store.IngestContext;
import org.atrium.store.InstanceRecord;
import org.atrium.store.StoreEvents;
import org.atrium.store.internal.StoreComponent;
import org.atrium.store.internal.StoreConfig;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

/**
 * Objects stored while forwarding was not running — the platform stopped between storing and
 * queueing — are queued once it runs again, each exactly once; with the real research store and
 * the queue tables on H2.
 */
class ForwardRuleCatchUpTest {

    private static final AtomicLong COUNTER = new AtomicLong(System.nanoTime() % 1_000_000);
    private static final String RULE_PID = ForwardRule.FACTORY_PID + "~results";

    @TempDir
    Path tmp;

    private final PixelMedFiles dicom = new PixelMedFiles();
    private final PixelMedClient client = new PixelMedClient();
    private final List<ForwardRule> rules = new ArrayList<>();
    private final List<ForwardingEngine> engines = new ArrayList<>();
    private StoreComponent store;
    private JdbcDataSource dataSource;
    private NodeRegistry nodes;

    @BeforeEach
    void open() throws Exception {
        Path root = tmp.resolve("store");
        store = new StoreComponent(
                dicom,
                config(StoreConfig.class, Map.of("directory", root.toString(), "fsync", false, "minFreeMb", 0L)));
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + tmp.resolve("pacs").toAbsolutePath());
        // No node "PACS" is configured: what is queued stays queued, to be counted.
        nodes = new NodeRegistry(client, null, config(NodeRegistry.Config.class, Map.of()));
    }

    @AfterEach
    void close() throws Exception {
        for (ForwardRule rule : rules) {
            rule.deactivate(0);
        }
        for (ForwardingEngine engine : engines) {
            engine.deactivate();
        }
        client.close();
        store.close();
    }

    static <A> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> type.getSimpleName() + values;
                default -> method.getDefaultValue();
            };
        }));
    }

    /** The platform's forwarding coming up: the engine, then the rule, whose first catch-up is awaited. */
    private ForwardRule start(String pid) throws Exception {
        ForwardingEngine engine = new ForwardingEngine(
                dataSource,
                client,
                nodes,
                store,
                store,
                config(ForwardingConfig.class, Map.of("retryInitialSeconds", 3600, "retryMaxSeconds", 3600)));
        engines.add(engine);
        ForwardRule rule = new ForwardRule(
                engine,
                store,
                store,
                config(ForwardRuleConfig.class, Map.of("destination", "PACS", "sourcePrefix", "workflow:")),
                Map.of("service.pid", pid));
        rules.add(rule);
        rule.awaitIdle();
        return rule;
    }

    /** Stopped as by a crash: no last catch-up, nothing flushed. */
    private void stopAll() throws Exception {
        for (ForwardRule rule : rules) {
            rule.deactivate(0);
        }
        rules.clear();
        for (ForwardingEngine engine : engines) {
            engine.deactivate();
        }
        engines.clear();
    }

    private InstanceRecord storeObject(String source) throws Exception {
        String sop = "2.25." + COUNTER.incrementAndGet() + System.nanoTime() % 1000;
        Attributes a = dicom.newAttributes()
                .setString(Tag.SOPClassUID, UID.SecondaryCaptureImageStorage)
                .setString(Tag.SOPInstanceUID, sop)
                .setString(Tag.PatientID, "P1")
                .setString(Tag.StudyInstanceUID, "2.25.1")
                .setString(Tag.SeriesInstanceUID, "2.25.1.1")
                .setString(Tag.Modality, "OT");
        Path file = Files.createDirectories(tmp.resolve("out")).resolve(sop + ".dcm");
        dicom.write(a, UID.ExplicitVRLittleEndian, file);
        return store.store(file, new IngestContext(source, "ATRIUM", Set.of())).instance();
    }

    /** The INSTANCE_STORED event as the store posts it through EventAdmin. */
    private static Event storedEvent(InstanceRecord instance) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(StoreEvents.SOP_INSTANCE_UID, instance.sopInstanceUid());
        properties.put(StoreEvents.SERIES_INSTANCE_UID, instance.seriesInstanceUid());
        properties.put(StoreEvents.SOURCE, instance.source());
        properties.put(StoreEvents.RECEIVED_AT, instance.receivedAt().toEpochMilli());
        return new Event(StoreEvents.INSTANCE_STORED, properties);
    }

    /** Queued entries per SOP Instance UID. */
    private Map<String, Long> queued() throws Exception {
        return new PacsTables(dataSource)
                .forwards(ForwardItem.State.QUEUED, 1000).stream()
                        .peek(item -> assertEquals("PACS", item.node()))
                        .collect(Collectors.groupingBy(ForwardItem::sopInstanceUid, Collectors.counting()));
    }

    @Test
    void objectsStoredWhileForwardingWasDownAreQueuedOnceAfterItStarts() throws Exception {
        ForwardRule rule = start(RULE_PID);
        InstanceRecord beforeCrash = storeObject("workflow:seg");
        rule.handleEvent(storedEvent(beforeCrash));
        assertEquals(Map.of(beforeCrash.sopInstanceUid(), 1L), queued());
        // It was sent before the platform went down: it left the queue.
        PacsTables tables = new PacsTables(dataSource);
        tables.forwarded(tables.forwards(ForwardItem.State.QUEUED, 10).stream()
                .map(ForwardItem::id)
                .toList());

        stopAll();
        // Stored and committed, but the events never reached the rule.
        InstanceRecord first = storeObject("workflow:seg");
        InstanceRecord second = storeObject("workflow:radiomics");
        InstanceRecord third = storeObject("workflow:seg");
        storeObject("CT_SCANNER"); // not for this rule

        ForwardRule restarted = start(RULE_PID);
        Map<String, Long> once = Map.of(
                first.sopInstanceUid(), 1L,
                second.sopInstanceUid(), 1L,
                third.sopInstanceUid(), 1L);
        assertEquals(once, queued());

        // A late event for one of them and further catch-ups change nothing.
        restarted.handleEvent(storedEvent(second));
        assertEquals(0, restarted.catchUp());
        assertEquals(once, queued());

        // Nor does another restart.
        stopAll();
        start(RULE_PID);
        assertEquals(once, queued());

        // Objects the running rule hears about and those it does not, alike.
        ForwardRule running = rules.get(0);
        InstanceRecord heard = storeObject("workflow:seg");
        InstanceRecord missed = storeObject("workflow:seg");
        running.handleEvent(storedEvent(heard));
        assertEquals(1, running.catchUp());
        Map<String, Long> all = new HashMap<>(once);
        all.put(heard.sopInstanceUid(), 1L);
        all.put(missed.sopInstanceUid(), 1L);
        assertEquals(all, queued());
    }

    @Test
    void aNewRuleDoesNotForwardWhatWasStoredBeforeIt() throws Exception {
        storeObject("workflow:seg");
        ForwardRule rule = start(ForwardRule.FACTORY_PID + "~fresh");
        assertEquals(Map.of(), queued());
        InstanceRecord after = storeObject("workflow:seg");
        assertEquals(1, rule.catchUp());
        assertEquals(Map.of(after.sopInstanceUid(), 1L), queued());
    }

    @Test
    void theRuleIsNamedAfterItsConfigurationAcrossRestarts() {
        ForwardRuleConfig config =
                config(ForwardRuleConfig.class, Map.of("destination", "PACS", "sourcePrefix", "workflow:"));
        assertEquals("rule:results", ForwardRule.name(Map.of("service.pid", RULE_PID), config));
        assertEquals(
                "rule:results",
                ForwardRule.name(
                        Map.of(
                                "service.pid",
                                ForwardRule.FACTORY_PID + ".3f2a9c",
                                "felix.fileinstall.filename",
                                "file:/opt/atrium/etc/org.atrium.pacs.forward-results.cfg"),
                        config));
        assertEquals(
                "rule:PACS|workflow:|-1",
                ForwardRule.name(Map.of("service.pid", ForwardRule.FACTORY_PID + ".3f2a9c"), config));
    }
}
