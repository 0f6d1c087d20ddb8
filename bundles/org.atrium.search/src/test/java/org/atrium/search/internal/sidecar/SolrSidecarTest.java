package org.atrium.search.internal.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.atrium.core.health.Health;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar outside OSGi, against the node's real jars (built by org.atrium.search.solr.node). */
class SolrSidecarTest {

    static final Path NODE_JARS = Path.of("../org.atrium.search.solr.node/target/solr-jars")
            .toAbsolutePath()
            .normalize();
    static final Path SOLR_OVERLAY = Path.of("../../karaf-distribution/src/main/karaf/solr")
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path karafHome;

    @Test
    void launchFollowsKarafsFoldersByDefault() {
        Properties system = new Properties();
        system.setProperty("karaf.home", "/opt/atrium");
        system.setProperty("karaf.data", "/opt/atrium/data");
        system.setProperty("java.home", "/usr/lib/jvm/17");
        SolrProcess.Launch launch = SolrSidecar.launch(config(Map.of()), system);
        List<String> command = launch.command();
        assertEquals("/usr/lib/jvm/17/bin/java", command.get(0));
        assertTrue(command.contains("-Xmx512m"), command.toString());
        assertEquals("/opt/atrium/solr/jars/*", command.get(command.indexOf("-cp") + 1));
        assertEquals("/opt/atrium/data/solr", command.get(command.indexOf("--data") + 1));
        assertEquals(Path.of("/opt/atrium/data/log/solr.log"), launch.log());
        assertEquals(
                "http://127.0.0.1:8983/solr/atrium/admin/ping?wt=json",
                launch.readyUrl().toString());

        system.setProperty("atrium.data", "/var/lib/atrium");
        command = SolrSidecar.launch(config(Map.of("port", 9000, "heap", "2g")), system)
                .command();
        assertEquals("/var/lib/atrium/solr", command.get(command.indexOf("--data") + 1));
        assertEquals("9000", command.get(command.indexOf("--port") + 1));
        assertTrue(command.contains("-Xmx2g"), command.toString());
    }

    @Test
    void nodeIsRestartedWhenKilledAndStoppedWithTheSidecar() throws Exception {
        assumeTrue(Files.isDirectory(NODE_JARS), "no " + NODE_JARS + ": build org.atrium.search.solr.node first");
        layOutSolrHome();
        Properties system = new Properties();
        system.setProperty("karaf.home", karafHome.toString());
        system.setProperty("karaf.data", karafHome.resolve("data").toString());
        system.setProperty("java.home", System.getProperty("java.home"));
        SolrProcess.Launch launch = SolrSidecar.launch(
                config(Map.of("port", freePort(), "heap", "256m", "stopTimeoutSeconds", 20)), system);

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        SolrProcess node = new SolrProcess(launch, new SolrProcess.Listener() {
            @Override
            public void up() {
                events.add("up");
            }

            @Override
            public void down(String reason) {
                events.add("down: " + reason);
            }
        });
        node.start();
        try {
            assertEquals("up", events.poll(120, TimeUnit.SECONDS), () -> log(launch));
            assertEquals(Health.Status.UP, node.health().status());
            long first = node.pid();
            assertTrue(first > 0);

            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            String down = events.poll(30, TimeUnit.SECONDS);
            assertTrue(down != null && down.startsWith("down: restarting") && down.contains("code 137"), down);
            assertEquals(Health.Status.DOWN, node.health().status());

            assertEquals("up", events.poll(120, TimeUnit.SECONDS), () -> log(launch));
            long second = node.pid();
            assertNotEquals(first, second);
            assertEquals(1, node.restarts());
            assertTrue(Files.exists(karafHome.resolve("data/solr/atrium/core.properties")));

            node.stop();
            assertFalse(
                    ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false), "node ended with the sidecar");
            assertEquals("down: stopped", events.poll(5, TimeUnit.SECONDS));
            assertEquals(new Health(Health.Status.DOWN, "stopped", Map.of()), node.health());
            assertTrue(log(launch).contains("Solr node stopped"), "SIGTERM let the node shut down cleanly");
        } finally {
            node.stop();
        }
    }

    /** ${karaf.home}/solr as the distribution has it: the overlay's files plus jars/. */
    private void layOutSolrHome() throws IOException {
        Path home = karafHome.resolve("solr");
        try (Stream<Path> files = Files.walk(SOLR_OVERLAY)) {
            for (Path source : files.toList()) {
                Path target = home.resolve(SOLR_OVERLAY.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.createSymbolicLink(home.resolve("jars"), NODE_JARS);
    }

    private static String log(SolrProcess.Launch launch) {
        try {
            return Files.exists(launch.log()) ? Files.readString(launch.log()) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A configuration as DS would build it: the given values, defaults for the rest. */
    static SolrSidecarConfig config(Map<String, Object> values) {
        return (SolrSidecarConfig) Proxy.newProxyInstance(
                SolrSidecarConfig.class.getClassLoader(),
                new Class<?>[] {SolrSidecarConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }
}
