package org.atrium.dicom.internal.pixelmed;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Starts the real peers (DCMTK, Orthanc) that the interoperability tests talk to, on loopback. */
final class PeerTools {

    static final String ORTHANC = "/usr/sbin/Orthanc";
    private static final String INSTALL = "why: apt-get install dcmtk orthanc";

    private PeerTools() {}

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static void assumeDcmtk() {
        Assumptions.assumeTrue(
                onPath("storescp") && onPath("echoscu") && onPath("dcmdump"), "DCMTK missing; " + INSTALL);
    }

    static void assumeOrthanc() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(ORTHANC)), "Orthanc missing; " + INSTALL);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts a tool with Nagle's algorithm off (DCMTK and Orthanc honour TCP_NODELAY=1). */
    static Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    static int run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = start(command, log);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Waits until DCMTK's echoscu gets an answer from {@code aet} on the port. */
    static void awaitEcho(String aet, int port, Process server, Path log) throws Exception {
        awaitEcho("PROBE", aet, port, server, log);
    }

    static void awaitEcho(String callingAet, String aet, int port, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Path echoLog = Files.createTempFile("echoscu", ".log");
        try {
            while (System.nanoTime() < deadline) {
                if (!server.isAlive()) {
                    throw new IllegalStateException(
                            "peer exited: " + Files.readString(log, StandardCharsets.ISO_8859_1));
                }
                if (run(
                                List.of(
                                        "echoscu",
                                        "-to",
                                        "2",
                                        "-aet",
                                        callingAet,
                                        "-aec",
                                        aet,
                                        "127.0.0.1",
                                        Integer.toString(port)),
                                echoLog)
                        == 0) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(
                    "peer did not answer C-ECHO in 30 s: " + Files.readString(log, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(echoLog);
        }
    }

    /** DCMTK storescp storing everything it receives into {@code dir}. */
    static Process startStorescp(String aet, int port, Path dir, Path log) throws Exception {
        Files.createDirectories(dir);
        Process process = start(
                List.of("storescp", "-aet", aet, "-od", dir.toString(), "+xa", "-uf", Integer.toString(port)), log);
        awaitEcho(aet, port, process, log);
        return process;
    }

    /**
     * Orthanc with its own configuration in {@code dir}. {@code modalities} maps a name to
     * {@code [aet, port]} on loopback.
     */
    static Process startOrthanc(
            Path dir,
            String aet,
            int dicomPort,
            boolean checkCalledAet,
            Map<String, Object[]> modalities,
            boolean allowUnknown)
            throws Exception {
        Files.createDirectories(dir);
        StringBuilder entriesJson = new StringBuilder();
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, Object[]> modality : modalities.entrySet()) {
            entries.add("\"" + modality.getKey() + "\": [\"" + modality.getValue()[0] + "\", \"127.0.0.1\", "
                    + modality.getValue()[1] + "]");
        }
        entriesJson.append(String.join(",\n    ", entries));
        String json =
                """
                {
                  "Name": "atrium-test",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "DicomAet": "%s",
                  "DicomPort": %d,
                  "HttpPort": %d,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "DicomCheckCalledAet": %s,
                  "DicomCheckModalityHost": false,
                  "DicomAlwaysAllowEcho": %s,
                  "DicomAlwaysAllowStore": %s,
                  "DicomAlwaysAllowFind": %s,
                  "DicomAlwaysAllowGet": %s,
                  "DicomAlwaysAllowMove": %s,
                  "DicomScpTimeout": 30,
                  "StorageCompression": false,
                  "Plugins": [],
                  "SaveJobs": false,
                  "DicomModalities": {
                    %s
                  }
                }
                """
                        .formatted(
                                dir.resolve("storage"),
                                dir.resolve("index"),
                                aet,
                                dicomPort,
                                freePort(),
                                checkCalledAet,
                                allowUnknown,
                                allowUnknown,
                                allowUnknown,
                                allowUnknown,
                                allowUnknown,
                                entriesJson);
        Path config = Files.writeString(dir.resolve("orthanc.json"), json);
        Path log = dir.resolve("orthanc.log");
        Process process = start(List.of(ORTHANC, config.toString()), log);
        String known = modalities.isEmpty()
                ? "PROBE"
                : String.valueOf(modalities.values().iterator().next()[0]);
        awaitEcho(known, aet, dicomPort, process, log);
        return process;
    }

    static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
