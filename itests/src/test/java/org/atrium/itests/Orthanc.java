package org.atrium.itests;

import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Orthanc (Debian package {@code orthanc}) on loopback with a configuration of its own, playing the
 * clinical PACS: it knows the AEs in {@code modalities} (name → AE title, port on 127.0.0.1), so it
 * performs C-MOVE to them and accepts their C-GET. Storage and index stay in {@code dir} across
 * {@link #stop()} and {@link #start()}.
 */
final class Orthanc implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/Orthanc");

    final Path dir;
    final String aeTitle;
    final int dicomPort;
    final int httpPort;
    private final Path config;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    Orthanc(Path dir, String aeTitle, int dicomPort, int httpPort, Map<String, Object[]> modalities) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.aeTitle = aeTitle;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, Object[]> m : modalities.entrySet()) {
            entries.add(
                    "\"" + m.getKey() + "\": [\"" + m.getValue()[0] + "\", \"127.0.0.1\", " + m.getValue()[1] + "]");
        }
        // KeepAlive off: Orthanc closes idle kept-alive connections after a second, and the JDK's
        // HTTP client, reusing one just then, fails with "header parser received no bytes".
        String json =
                """
                {
                  "Name": "atrium-pacs-peer",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "DicomAet": "%s",
                  "DicomPort": %d,
                  "HttpPort": %d,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "DicomCheckCalledAet": true,
                  "DicomCheckModalityHost": false,
                  "DicomAlwaysAllowEcho": true,
                  "DicomAlwaysAllowStore": true,
                  "DicomScpTimeout": 30,
                  "StorageCompression": false,
                  "Plugins": [],
                  "SaveJobs": false,
                  "KeepAlive": false,
                  "DicomModalities": { %s }
                }
                """
                        .formatted(
                                dir.resolve("storage"),
                                dir.resolve("index"),
                                aeTitle,
                                dicomPort,
                                httpPort,
                                String.join(",\n    ", entries));
        this.config = Files.writeString(dir.resolve("orthanc.json"), json);
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Orthanc and returns once it answers C-ECHO. */
    void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("orthanc.log").toFile()));
        // Orthanc waits for Nagle's algorithm on loopback without this.
        builder.environment().put("TCP_NODELAY", "1");
        process = builder.start();
        for (int i = 0; i < 120; i++) {
            if (Dcmtk.run("echoscu", "-aec", aeTitle, "127.0.0.1", Integer.toString(dicomPort))
                    .ok()) {
                return;
            }
            assertTrue("Orthanc exited; see " + dir.resolve("orthanc.log"), process.isAlive());
            Thread.sleep(250);
        }
        throw new AssertionError("Orthanc does not answer C-ECHO; see " + dir.resolve("orthanc.log"));
    }

    /** kill -9, as a PACS that goes away in the middle of an association. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    String get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    byte[] getBytes(String path) throws Exception {
        HttpResponse<byte[]> response = http.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(path + ": " + response.statusCode(), response.statusCode() == 200);
        return response.body();
    }

    String post(String path, String body) throws Exception {
        return http.send(
                        request(path)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
