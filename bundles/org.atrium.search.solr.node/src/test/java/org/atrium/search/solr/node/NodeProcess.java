package org.atrium.search.solr.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Solr node started the way the supervisor starts it: java -cp ... SolrNode, in its own JVM. */
final class NodeProcess implements AutoCloseable {

    static final Path HOME =
            Path.of(System.getProperty("atrium.solr.home", "../../karaf-distribution/src/main/karaf/solr"));
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int port;
    final Path log;
    final Process process;

    private NodeProcess(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static NodeProcess start(int port, Path data, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(SolrNode.class.getName());
        command.addAll(List.of("--home", HOME.toString(), "--data", data.toString(), "--port", Integer.toString(port)));
        Files.createDirectories(data);
        Path log = data.resolveSibling(data.getFileName() + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new NodeProcess(port, log, process);
    }

    /** Waits for the ready line; returns the start time the node printed. */
    long awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern ready = Pattern.compile(SolrNode.READY + ".*startMs=(\\d+)");
        while (System.nanoTime() < deadline) {
            Matcher m = ready.matcher(output());
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
            if (!process.isAlive()) {
                fail("node exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        fail("node not ready after " + timeout + ":\n" + output());
        return -1;
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + "/solr" + path;
    }

    String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> path + " -> " + response.body());
        return response.body();
    }

    String post(String path, String contentType, HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", contentType)
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> path + " -> " + response.body());
        return response.body();
    }

    static long numFound(String json) {
        Matcher m = Pattern.compile("\"numFound\":(\\d+)").matcher(json);
        if (!m.find()) {
            fail("no numFound in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** SIGTERM, as the supervisor does first; returns the exit code. */
    int terminate(Duration timeout) throws Exception {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            fail("node did not stop within " + timeout + " on SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** A free loopback port whose neighbour at +offset is free too (embedded ZooKeeper takes port + 1000). */
    static int freePort(int offset) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            if (offset == 0) {
                return port;
            }
            if (port + offset < 65536) {
                try (ServerSocket ignored = new ServerSocket(port + offset, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }
}
