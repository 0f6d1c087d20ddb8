package org.atrium.dicom.internal.ul;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs DCMTK tools, the real peers of these tests, with Nagle's algorithm off. */
final class Peers {

    static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    private Peers() {}

    record Result(int exitCode, String output) {
        Result assertSucceeded() {
            assertTrue(exitCode == 0, "exit code " + exitCode + ":\n" + output);
            return this;
        }
    }

    static void assumeDcmtk() {
        for (String tool : List.of(
                "echoscu", "storescu", "findscu", "movescu", "getscu", "storescp", "dcmdump", "dcmcjpeg", "dcmcrle")) {
            Assumptions.assumeTrue(onPath(tool), "DCMTK not installed: apt-get install dcmtk");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "peer-", ".log");
        Process process = start(workDir, log, command);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + Arrays.toString(command));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    static Process start(Path workDir, Path log, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // DCMTK on loopback is ~20x slower with Nagle's algorithm on.
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }

    static List<String> args(Object... parts) {
        List<String> list = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> l) {
                l.forEach(p -> list.add(p.toString()));
            } else {
                list.add(part.toString());
            }
        }
        return list;
    }
}
