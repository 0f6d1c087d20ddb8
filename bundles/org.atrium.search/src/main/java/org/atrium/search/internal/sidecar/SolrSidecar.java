package org.atrium.search.internal.sidecar;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.atrium.core.health.Health;
import org.atrium.core.health.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Solr available to the platform. EMBEDDED: runs a Solr node in a child JVM on 127.0.0.1 and
 * registers its {@link SolrEndpoint} only while it answers. EXTERNAL: registers the configured nodes
 * and does nothing else. Either way the endpoint carries how to create the collection on a
 * SolrCloud that lacks it; the search component does that. A configuration change restarts the component, and with it the node.
 */
@Component(
        service = HealthCheck.class,
        configurationPid = SolrSidecarConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = SolrSidecarConfig.class)
public final class SolrSidecar implements HealthCheck {

    static final String MAIN_CLASS = "org.atrium.search.solr.node.SolrNode";
    private static final Logger LOG = LoggerFactory.getLogger(SolrSidecar.class);

    private final BundleContext context;
    private final SolrEndpoint endpoint;
    private final SolrProcess node; // null in EXTERNAL mode
    private ServiceRegistration<SolrEndpoint> registration; // guarded by this

    @Activate
    public SolrSidecar(BundleContext context, SolrSidecarConfig config) {
        this.context = context;
        if (config.mode() == SolrSidecarConfig.Mode.EXTERNAL) {
            List<String> urls = Arrays.stream(config.urls())
                    .map(String::trim)
                    .filter(u -> !u.isEmpty())
                    .toList();
            if (urls.isEmpty() && config.zkHosts().isBlank()) {
                throw new IllegalArgumentException(SolrSidecarConfig.PID + ": mode EXTERNAL needs urls or zkHosts");
            }
            endpoint = new SolrEndpoint(
                    urls, config.collection(), config.zkHosts().trim(), layout(config, System.getProperties()));
            node = null;
            register();
            LOG.info(
                    "Solr is external: {}{} collection {}",
                    urls,
                    config.zkHosts().isBlank()
                            ? ""
                            : " ZooKeeper " + config.zkHosts().trim(),
                    config.collection());
        } else {
            endpoint = new SolrEndpoint(
                    List.of("http://127.0.0.1:" + config.port() + "/solr"),
                    config.collection(),
                    config.zkHosts().trim(),
                    layout(config, System.getProperties()));
            node = new SolrProcess(launch(config, System.getProperties()), new SolrProcess.Listener() {
                @Override
                public void up() {
                    register();
                }

                @Override
                public void down(String reason) {
                    unregister();
                    LOG.warn("Solr node is down: {}", reason);
                }
            });
            node.start();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (node != null) {
            node.stop(); // first, so that the monitor cannot register the endpoint again
        }
        unregister();
    }

    @Override
    public String component() {
        return "solr";
    }

    @Override
    public Health check() {
        if (node == null) {
            return Health.up(
                    "external Solr",
                    Map.of(
                            "urls",
                            endpoint.baseUrls(),
                            "zkHosts",
                            endpoint.zkHost(),
                            "collection",
                            endpoint.collection()));
        }
        return node.health();
    }

    /** The collection Atrium creates on a SolrCloud that lacks it, with the configset under {@code home}. */
    static SolrEndpoint.CloudLayout layout(SolrSidecarConfig config, java.util.Properties system) {
        return SolrEndpoint.CloudLayout.of(
                home(config, system), config.configSet(), config.numShards(), config.replicationFactor());
    }

    private static Path home(SolrSidecarConfig config, java.util.Properties system) {
        Path karafHome = Path.of(system.getProperty("karaf.home", "."));
        return config.home().isBlank() ? karafHome.resolve("solr") : Path.of(config.home());
    }

    /** The command line and files of the EMBEDDED node, from the configuration and Karaf's properties. */
    static SolrProcess.Launch launch(SolrSidecarConfig config, java.util.Properties system) {
        Path karafHome = Path.of(system.getProperty("karaf.home", "."));
        Path karafData = Path.of(
                system.getProperty("karaf.data", karafHome.resolve("data").toString()));
        Path home = home(config, system);
        Path data = !config.data().isBlank()
                ? Path.of(config.data())
                : system.getProperty("atrium.data") != null
                        ? Path.of(system.getProperty("atrium.data"), "solr")
                        : karafData.resolve("solr");
        String javaHome = config.javaHome().isBlank() ? system.getProperty("java.home") : config.javaHome();

        List<String> command = new ArrayList<>();
        command.add(Path.of(javaHome, "bin", "java").toString());
        command.add("-Xmx" + config.heap());
        command.add("-XX:+ExitOnOutOfMemoryError"); // a dead node gets restarted; a sick one would not
        command.add("-Datrium.solr.parentPid=" + ProcessHandle.current().pid());
        if (!config.zkHosts().isBlank()) {
            command.add("-DzkHost=" + config.zkHosts().trim());
        }
        command.addAll(Arrays.asList(config.jvmOptions()));
        command.addAll(List.of(
                "-cp",
                home.resolve("jars").resolve("*").toString(),
                MAIN_CLASS,
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(config.port()),
                "--home",
                home.toString(),
                "--data",
                data.toString(),
                "--core",
                config.collection()));

        String base = "http://127.0.0.1:" + config.port() + "/solr";
        URI ready = URI.create(
                config.zkHosts().isBlank()
                        ? base + "/" + config.collection() + "/admin/ping?wt=json"
                        : base + "/admin/info/health?wt=json"); // the collection may not exist yet in SolrCloud
        return new SolrProcess.Launch(
                command,
                karafData.resolve("log").resolve("solr.log"),
                ready,
                Duration.ofSeconds(config.startTimeoutSeconds()),
                Duration.ofSeconds(config.stopTimeoutSeconds()));
    }

    private synchronized void register() {
        if (registration == null) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("solr.url", String.join(",", endpoint.baseUrls()));
            properties.put("solr.collection", endpoint.collection());
            registration = context.registerService(SolrEndpoint.class, endpoint, properties);
        }
    }

    private synchronized void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
            registration = null;
        }
    }
}
