package org.atrium.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    private static final String PASSWORD = "changeit-atrium";

    @TempDir
    static Path dir;

    private static Path keystore;
    private WebServer server;

    /** A self-signed key for localhost, made with the JDK's keytool. */
    @BeforeAll
    static void makeKeystore() throws IOException, InterruptedException {
        keystore = dir.resolve("web.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-noprompt",
                        "-alias",
                        "atrium",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.deactivate();
        }
    }

    private static Map<String, Object> tls(int port, String password) {
        return Map.of(
                "host", "127.0.0.1", "port", port, "keystore_path", keystore.toString(), "keystore_password", password);
    }

    @Test
    void servesHttpsWithTheConfiguredKey() throws Exception {
        server = new WebServer(Configs.web(tls(0, PASSWORD)));
        server.mount(
                "s",
                new WebServerTest.TextServlet("secret"),
                List.of("/s"),
                Map.of(),
                0,
                getClass().getClassLoader());

        var response = Http.get("https://127.0.0.1:" + server.port() + "/s");
        assertEquals(200, response.statusCode());
        assertEquals("secret ", response.body());
        assertEquals(
                "https://127.0.0.1:" + server.port(), server.check().details().get("url"));
    }

    @Test
    void switchesTheSamePortFromHttpToHttpsAndBack() throws Exception {
        int port = Http.freePort();
        server = new WebServer(Configs.web(Map.of("host", "127.0.0.1", "port", port)));
        server.mount(
                "s",
                new WebServerTest.TextServlet("s"),
                List.of("/s"),
                Map.of(),
                0,
                getClass().getClassLoader());
        assertEquals(200, Http.get("http://127.0.0.1:" + port + "/s").statusCode());

        server.modified(Configs.web(tls(port, PASSWORD)));
        assertEquals(200, Http.get("https://127.0.0.1:" + port + "/s").statusCode());
        assertThrows(IOException.class, () -> Http.get("http://127.0.0.1:" + port + "/s"));

        server.modified(Configs.web(Map.of("host", "127.0.0.1", "port", port)));
        assertEquals(200, Http.get("http://127.0.0.1:" + port + "/s").statusCode());
    }

    @Test
    void aWrongPasswordFailsBeforeTheRunningPortCloses() throws Exception {
        int port = Http.freePort();
        server = new WebServer(Configs.web(Map.of("host", "127.0.0.1", "port", port)));

        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> server.modified(Configs.web(tls(port, "wrong"))));
        assertTrue(failure.getMessage().contains("web.p12"), failure.getMessage());
        assertEquals(404, Http.get("http://127.0.0.1:" + port + "/nothing").statusCode());
    }

    @Test
    void refusesToStartWithAMissingKeystore() {
        Map<String, Object> missing = Map.of(
                "host",
                "127.0.0.1",
                "port",
                0,
                "keystore_path",
                dir.resolve("absent.p12").toString());
        assertThrows(IllegalArgumentException.class, () -> new WebServer(Configs.web(missing)));
    }
}
