package org.atrium.dicom.internal.ul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.atrium.dicom.DicomServer;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener with TLS, against DCMTK built with OpenSSL: server authentication and mutual authentication. */
class TlsListenerTest {

    private static final String AE = "ATRIUM";

    @TempDir
    Path tmp;

    private UpperLayerServer server;
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        Peers.assumeDcmtk();
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed: apt-get install openssl");
        work = Files.createDirectories(tmp.resolve("work"));
        server = new UpperLayerServer(new PixelMedFiles());
        // Server key and certificate (PKCS12 for Java, PEM for DCMTK to trust).
        run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=atrium",
                "-keyout",
                "server-key.pem",
                "-out",
                "server.pem");
        run(
                "openssl",
                "pkcs12",
                "-export",
                "-inkey",
                "server-key.pem",
                "-in",
                "server.pem",
                "-name",
                "atrium",
                "-passout",
                "pass:secret",
                "-out",
                "server.p12");
        // Client key and certificate, and a truststore holding the client certificate.
        run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=modality",
                "-keyout",
                "client-key.pem",
                "-out",
                "client.pem");
        run(
                "keytool",
                "-importcert",
                "-noprompt",
                "-alias",
                "modality",
                "-file",
                "client.pem",
                "-keystore",
                "trust.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                "secret");
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private void run(String... command) throws Exception {
        Peers.Result result = Peers.run(work, command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ": " + result.output());
    }

    private ListenerConfig config(TlsConfig tls) throws Exception {
        return new ListenerConfig(
                AE,
                "127.0.0.1",
                0,
                Set.of(),
                Set.of(),
                Files.createDirectories(tmp.resolve("spool")),
                256 * 1024,
                Duration.ofSeconds(20),
                4,
                tls);
    }

    @Test
    void serverAuthenticatedTlsAcceptsATrustingPeerAndRefusesPlainTcp() throws Exception {
        TlsConfig tls = new TlsConfig(work.resolve("server.p12"), "secret", "PKCS12", null, null);
        Path stored = Files.createDirectories(tmp.resolve("stored"));
        CollectingStorage storage = new CollectingStorage(stored);
        try (DicomServer.Listener listener = server.listen(config(tls), storage, null, null)) {
            String port = Integer.toString(listener.port());
            Peers.Result echo = Peers.run(work, "echoscu", "+tla", "+cf", "server.pem", "-aec", AE, "127.0.0.1", port);
            assertEquals(0, echo.exitCode(), echo.output());

            Path image = TestImages.ct(work, TestImages.instanceUid("tls", 1), 64, 1);
            Peers.Result store = Peers.run(
                    work, "storescu", "+tla", "+cf", "server.pem", "-aec", AE, "127.0.0.1", port, image.toString());
            assertEquals(0, store.exitCode(), store.output());
            assertEquals(1, storage.received.size());

            Peers.Result plain = Peers.run(work, "echoscu", "-aec", AE, "127.0.0.1", port);
            assertFalse(plain.exitCode() == 0, "plain TCP must not get through: " + plain.output());
            Peers.Result untrusted =
                    Peers.run(work, "echoscu", "+tla", "+cf", "client.pem", "-aec", AE, "127.0.0.1", port);
            assertFalse(
                    untrusted.exitCode() == 0,
                    "a peer that does not trust our certificate must fail: " + untrusted.output());

            Peers.Result after = Peers.run(work, "echoscu", "+tla", "+cf", "server.pem", "-aec", AE, "127.0.0.1", port);
            assertEquals(0, after.exitCode(), "failed handshakes must not stop the listener: " + after.output());
        }
    }

    @Test
    void mutualTlsRequiresAClientCertificateFromTheTruststore() throws Exception {
        TlsConfig tls =
                new TlsConfig(work.resolve("server.p12"), "secret", "PKCS12", work.resolve("trust.p12"), "secret");
        try (DicomServer.Listener listener = server.listen(config(tls), null, null, null)) {
            String port = Integer.toString(listener.port());
            Peers.Result known = Peers.run(
                    work,
                    "echoscu",
                    "+tls",
                    "client-key.pem",
                    "client.pem",
                    "+cf",
                    "server.pem",
                    "-aec",
                    AE,
                    "127.0.0.1",
                    port);
            assertEquals(0, known.exitCode(), known.output());
            Peers.Result anonymous =
                    Peers.run(work, "echoscu", "+tla", "+cf", "server.pem", "-aec", AE, "127.0.0.1", port);
            assertTrue(anonymous.exitCode() != 0, "a peer without certificate must be refused: " + anonymous.output());
        }
    }
}
