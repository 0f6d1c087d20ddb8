package org.atrium.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The assembled distribution unpacked into a folder of its own and run as a separate process, on
 * ports of its own, with a test user {@code itest} (admin) and {@code researcher} (researcher only).
 * For tests that kill the platform or drive it from outside, such as a browser.
 */
final class KarafProcess implements AutoCloseable {

    final Path home;
    final int dicomPort;
    final int webPort;
    final int sshPort;
    final int solrPort;
    private Process karaf;

    KarafProcess(String name, int dicomPort, int webPort, int sshPort, int solrPort) throws Exception {
        Path target = Path.of(System.getProperty("atrium.target", "target"));
        this.home = target.resolve(name + "-" + System.nanoTime());
        this.dicomPort = dicomPort;
        this.webPort = webPort;
        this.sshPort = sshPort;
        this.solrPort = solrPort;
        Files.createDirectories(home);
        Dcmtk.Result unpack = Dcmtk.run(
                "tar", "xzf", System.getProperty("atrium.distribution"), "-C", home.toString(), "--strip-components=1");
        assertTrue(unpack.output(), unpack.ok());
        configure();
    }

    private void configure() throws IOException {
        Path etc = home.resolve("etc");
        replace(etc.resolve("org.atrium.dicom.listener-default.cfg"), "port = 11112", "port = " + dicomPort);
        replace(etc.resolve("org.atrium.web.cfg"), "port = 8080", "port = " + webPort);
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + sshPort);
        replace(etc.resolve("org.atrium.search.solr.cfg"), "port = 8983", "port = " + solrPort);
        Files.deleteIfExists(etc.resolve("users.properties"));
        Files.writeString(
                etc.resolve("users.properties"),
                "itest = itest,_g_:admingroup\n"
                        + "researcher = researcher,researcher\n"
                        + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(file + " has no '" + from + "'", text.contains(from));
        Files.writeString(file, text.replace(from, to));
    }

    /** Starts Karaf and returns once the DICOM port answers C-ECHO. */
    Process start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "run")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("console.log").toFile()));
        builder.environment()
                .put(
                        "EXTRA_JAVA_OPTS",
                        "-Datrium.data=" + home.resolve("atrium-data").toAbsolutePath());
        karaf = builder.start();
        waitForEcho();
        return karaf;
    }

    private void waitForEcho() throws Exception {
        for (int i = 0; i < 240; i++) {
            if (Dcmtk.run("echoscu", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(dicomPort))
                    .ok()) {
                return;
            }
            assertTrue("Karaf exited; see " + home.resolve("console.log"), karaf.isAlive());
            Thread.sleep(500);
        }
        throw new AssertionError(
                "no C-ECHO answer on port " + dicomPort + "; see " + home.resolve("data/log/karaf.log"));
    }

    /** Waits until {@code path} on the web port answers 200 (within 2 minutes). */
    void waitForHttp(String path) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String last = "";
        for (int i = 0; i < 240; i++) {
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(url(path)))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " did not answer 200: " + last);
    }

    String url(String path) {
        return "http://127.0.0.1:" + webPort + path;
    }

    /** kill -9: bin/karaf runs the JVM as its child, so the JVM itself first, then the script. */
    void kill() throws InterruptedException {
        for (ProcessHandle child : karaf.descendants().toList()) {
            child.destroyForcibly();
            child.onExit().join();
        }
        karaf.destroyForcibly();
        karaf.waitFor();
    }

    @Override
    public void close() {
        if (karaf == null) {
            return;
        }
        for (ProcessHandle child : karaf.descendants().toList()) {
            child.destroy();
            if (!child.onExit()
                    .completeOnTimeout(child, 30, TimeUnit.SECONDS)
                    .join()
                    .isAlive()) {
                continue;
            }
            child.destroyForcibly();
        }
        karaf.destroyForcibly();
    }
}
