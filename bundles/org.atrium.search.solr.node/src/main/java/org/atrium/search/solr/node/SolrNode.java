package org.atrium.search.solr.node;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import javax.servlet.DispatcherType;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.core.NodeConfig;
import org.apache.solr.servlet.CoreContainerProvider;
import org.apache.solr.servlet.SolrDispatchFilter;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One Solr node in its own JVM: Jetty 10 with Solr's dispatch filter at {@code /solr}, wired the
 * way Solr's {@code web.xml} does it. Standalone by default, with the {@code atrium} core created
 * from its configset when missing; SolrCloud when started with {@code -DzkRun} or {@code -DzkHost}.
 *
 * <p>Options: {@code --host --port --home --data --core}, or the system properties {@code
 * atrium.solr.host|port|home|data|core}; {@code -Datrium.solr.parentPid} ends the node with that
 * process. Exit codes: 1 Solr or a core failed to load, 2 the port is
 * busy, 3 any other start failure, 64 bad arguments.
 */
public final class SolrNode {

    public static final String READY = "SOLR NODE READY";
    static final int EXIT_CORES_FAILED = 1;
    static final int EXIT_PORT_BUSY = 2;
    static final int EXIT_START_FAILED = 3;
    static final int EXIT_USAGE = 64;

    record Options(String host, int port, Path home, Path data, String core) {

        static Options parse(String[] args, Properties sys) {
            Properties given = new Properties();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
                }
                given.setProperty(args[i].substring(2), args[i + 1]);
            }
            String home = value(given, sys, "home", null);
            if (home == null) {
                throw new IllegalArgumentException("--home (Solr home with solr.xml) is required");
            }
            Path homeDir = Path.of(home).toAbsolutePath().normalize();
            String data = value(given, sys, "data", homeDir.resolve("data").toString());
            return new Options(
                    value(given, sys, "host", "127.0.0.1"),
                    Integer.parseInt(value(given, sys, "port", "8983")),
                    homeDir,
                    Path.of(data).toAbsolutePath().normalize(),
                    value(given, sys, "core", "atrium"));
        }

        private static String value(Properties given, Properties sys, String name, String fallback) {
            return given.getProperty(name, sys.getProperty("atrium.solr." + name, fallback));
        }

        boolean cloud() {
            String zkHost = System.getProperty("zkHost");
            return System.getProperty("zkRun") != null || (zkHost != null && !zkHost.isBlank());
        }
    }

    /** Loads cores before Jetty opens for requests, so "ready" means ready, and keeps the container. */
    static final class SynchronousCoreContainerProvider extends CoreContainerProvider {
        volatile CoreContainer container;

        @Override
        protected CoreContainer createCoreContainer(Path solrHome, Properties nodeProps) {
            CoreContainer cores = new CoreContainer(NodeConfig.loadNodeConfig(solrHome, nodeProps), false);
            cores.load();
            container = cores;
            return cores;
        }
    }

    static final class StartException extends Exception {
        final int exitCode;

        StartException(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }
    }

    private final Options options;
    private final SynchronousCoreContainerProvider provider = new SynchronousCoreContainerProvider();
    private Server server;

    SolrNode(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("Solr node: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        SolrNode node = new SolrNode(options);
        exitWithParent(System.getProperty("atrium.solr.parentPid"));
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "solr-node-shutdown"));
        long start = System.nanoTime();
        try {
            String cores = node.start();
            System.out.printf(
                    "%s port=%d url=http://%s:%d/solr mode=%s cores=%s startMs=%d%n",
                    READY,
                    options.port(),
                    options.host(),
                    options.port(),
                    options.cloud() ? "cloud" : "standalone",
                    cores,
                    (System.nanoTime() - start) / 1_000_000);
            System.out.flush();
            node.server.join();
        } catch (StartException e) {
            System.err.println("Solr node failed to start: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            System.exit(e.exitCode);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A sidecar must not outlive the platform that started it, even when that one was killed. */
    private static void exitWithParent(String parentPid) {
        if (parentPid != null) {
            ProcessHandle.of(Long.parseLong(parentPid))
                    .ifPresentOrElse(
                            parent -> parent.onExit().thenRun(() -> {
                                System.err.println("Solr node: parent process " + parentPid + " is gone, stopping");
                                System.exit(0);
                            }),
                            () -> System.exit(0));
        }
    }

    /** Starts Jetty and Solr; returns the names of the loaded cores. */
    String start() throws StartException {
        try {
            prepare();
        } catch (IOException e) {
            throw new StartException(EXIT_START_FAILED, "cannot prepare " + options.data(), e);
        }
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(64 * 1024); // long GET queries with many facets and filters
        server = new Server(new QueuedThreadPool(500, 8));
        // HTTP/2 cleartext too: SolrCloud nodes talk to each other with Http2SolrClient.
        ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        server.setStopTimeout(15_000);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/solr");
        context.setAttribute(
                SolrDispatchFilter.SOLRHOME_ATTRIBUTE, options.home().toString());
        context.addEventListener(provider);
        context.addFilter(SolrDispatchFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        try {
            connector.open(); // Jetty starts handlers before connectors: fail on a busy port before loading Solr
            server.start();
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new StartException(
                        EXIT_PORT_BUSY, "port " + options.port() + " on " + options.host() + " is busy", e);
            }
            throw new StartException(EXIT_START_FAILED, e.toString(), e);
        } catch (Exception e) {
            throw new StartException(EXIT_START_FAILED, e.toString(), e);
        }
        return checkCores();
    }

    private void prepare() throws IOException {
        Files.createDirectories(options.data());
        setDefault("solr.solr.home", options.home().toString());
        setDefault("solr.install.dir", options.home().toString()); // no install dir: the jars are on the class path
        setDefault("atrium.solr.cores", options.data().toString()); // solr.xml's coreRootDirectory
        setDefault("solr.log.dir", options.data().toString());
        setDefault("jetty.port", Integer.toString(options.port()));
        setDefault("host", options.host()); // the node name a SolrCloud cluster knows this node by
        setDefault(
                "solr.default.confdir",
                options.home().resolve("configsets/atrium/conf").toString());
        if (System.getProperty("zkRun") != null) {
            setDefault("zkServerDataDir", options.data().resolve("zoo_data").toString());
            setDefault("zookeeper.admin.enableServer", "false"); // its AdminServer would take port 8080
        }
        if (!options.cloud() && !options.core().isBlank()) {
            Path coreProperties = options.data().resolve(options.core()).resolve("core.properties");
            if (!Files.exists(coreProperties)) {
                Files.createDirectories(coreProperties.getParent());
                Files.writeString(coreProperties, "name=" + options.core() + "\nconfigSet=atrium\n");
            }
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private String checkCores() throws StartException {
        CoreContainer cores = provider.container;
        if (cores == null || cores.isShutDown()) {
            throw new StartException(EXIT_CORES_FAILED, "Solr did not start; see the log above", null);
        }
        Map<String, CoreContainer.CoreLoadFailure> failures = cores.getCoreInitFailures();
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder("cores failed to load:");
            failures.forEach((name, failure) -> message.append(' ')
                    .append(name)
                    .append(" (")
                    .append(failure.exception.getMessage())
                    .append(')'));
            throw new StartException(EXIT_CORES_FAILED, message.toString(), null);
        }
        TreeSet<String> loaded = new TreeSet<>(cores.getLoadedCoreNames());
        if (!options.cloud() && !options.core().isBlank() && !loaded.contains(options.core())) {
            throw new StartException(EXIT_CORES_FAILED, "core " + options.core() + " is not loaded", null);
        }
        return loaded.toString();
    }

    /** Stops Jetty, which shuts the CoreContainer down; safe to call twice and from a shutdown hook. */
    void stop() {
        Server running = server;
        if (running == null || running.isStopped()) {
            return;
        }
        try {
            running.stop();
            System.out.println("Solr node stopped");
        } catch (Exception e) {
            System.err.println("Solr node: error while stopping: " + e);
        }
    }
}
