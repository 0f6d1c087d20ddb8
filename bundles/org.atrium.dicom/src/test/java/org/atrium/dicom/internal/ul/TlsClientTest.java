package org.atrium.dicom.internal.ul;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomClient.RetrieveReport;
import org.atrium.dicom.DicomClient.StoreReport;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.DicomServer;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.QueryScp;
import org.atrium.dicom.RetrieveScp;
import org.atrium.dicom.Status;
import org.atrium.dicom.Tag;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.UID;
import org.atrium.dicom.internal.ClientTimeouts;
import org.atrium.dicom.internal.DicomToolkitComponent;
import org.atrium.dicom.internal.DicomToolkitConfig;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Associations we request over TLS: against DCMTK's storescp built with OpenSSL (server and mutual
 * authentication, an untrusted certificate, a peer without TLS), and against our own TLS listener
 * for C-FIND, C-GET and C-MOVE (whose sub-operations go over TLS to storescp again).
 */
class TlsClientTest {

    private static final String CALLING = "ATRIUM";
    private static final String PASSWORD = "secret";

    @TempDir
    static Path tmp;

    private static Path work;
    private static final List<Process> processes = new ArrayList<>();
    private static int serverAuthPort;
    private static int mutualAuthPort;
    private static int plainPort;
    private static Path serverAuthReceived;
    private static Path mutualAuthReceived;

    private final PixelMedFiles files = new PixelMedFiles();
    private final UpperLayerClient client = new UpperLayerClient(
            files, new ClientTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(60)));

    @BeforeAll
    static void startPeers() throws Exception {
        Peers.assumeDcmtk();
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed: apt-get install openssl");
        Peers.Result help = Peers.run(Files.createDirectories(tmp.resolve("help")), "storescp", "--help");
        Assumptions.assumeTrue(help.output().contains("--enable-tls"), "DCMTK here is built without OpenSSL");
        work = Files.createDirectories(tmp.resolve("work"));
        // The peer's key and certificate (PEM for DCMTK, PKCS12 for our listener), ours, and a stranger's.
        certificate("pacs");
        certificate("atrium");
        certificate("stranger");
        truststore("trust-pacs.p12", "pacs");
        truststore("trust-atrium.p12", "atrium");
        truststore("trust-stranger.p12", "stranger");

        serverAuthPort = Peers.freePort();
        serverAuthReceived = Files.createDirectories(tmp.resolve("received-server-auth"));
        storescp(serverAuthPort, serverAuthReceived, "+tls", "pacs-key.pem", "pacs.pem", "-pw", "-ic");
        mutualAuthPort = Peers.freePort();
        mutualAuthReceived = Files.createDirectories(tmp.resolve("received-mutual-auth"));
        storescp(
                mutualAuthPort,
                mutualAuthReceived,
                "+tls",
                "pacs-key.pem",
                "pacs.pem",
                "-pw",
                "-rc",
                "+cf",
                "atrium.pem");
        plainPort = Peers.freePort();
        storescp(plainPort, Files.createDirectories(tmp.resolve("received-plain")));
    }

    @AfterAll
    static void stopPeers() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void certificate(String name) throws Exception {
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
                "/CN=" + name,
                "-keyout",
                name + "-key.pem",
                "-out",
                name + ".pem");
        run(
                "openssl",
                "pkcs12",
                "-export",
                "-inkey",
                name + "-key.pem",
                "-in",
                name + ".pem",
                "-name",
                name,
                "-passout",
                "pass:" + PASSWORD,
                "-out",
                name + ".p12");
    }

    private static void truststore(String file, String trusted) throws Exception {
        run(
                "keytool",
                "-importcert",
                "-noprompt",
                "-alias",
                trusted,
                "-file",
                trusted + ".pem",
                "-keystore",
                file,
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
    }

    private static void run(String... command) throws Exception {
        Peers.run(work, command).assertSucceeded();
    }

    private static void storescp(int port, Path target, String... tls) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("storescp", "-aet", "STORESCP", "+B", "+xa", "-od", target.toString()));
        command.addAll(List.of(tls));
        command.add(Integer.toString(port));
        processes.add(
                Peers.start(work, Files.createTempFile(work, "storescp-", ".log"), command.toArray(String[]::new)));
        Peers.awaitPort(port);
    }

    private static TlsConfig trusting(String truststore) {
        return TlsConfig.trusting(work.resolve(truststore), PASSWORD);
    }

    private static TlsConfig withCertificate(String truststore) {
        return new TlsConfig(work.resolve("atrium.p12"), PASSWORD, "PKCS12", work.resolve(truststore), PASSWORD);
    }

    private static DicomNode node(String name, int port, TlsConfig tls) {
        return new DicomNode(name, "STORESCP", "127.0.0.1", port, tls);
    }

    /** The file storescp wrote for an instance (named by modality and SOP Instance UID). */
    private static Path receivedFile(Path dir, String sopInstanceUid) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            List<Path> found = listing.filter(p -> p.getFileName().toString().endsWith(sopInstanceUid))
                    .toList();
            assertEquals(1, found.size(), "files for " + sopInstanceUid + " in " + dir);
            return found.get(0);
        }
    }

    @Test
    void cechoAndCstoreOverTlsToDcmtkArriveByteIdentical() throws Exception {
        DicomNode pacs = node("pacs", serverAuthPort, trusting("trust-pacs.p12"));
        assertTrue(client.cecho(CALLING, pacs).toNanos() > 0);
        try (ScuAssociation association = ScuAssociation.open(
                pacs,
                CALLING,
                List.of(PresentationContext.proposed(1, UID.Verification, List.of(UID.ImplicitVRLittleEndian))),
                65536,
                Duration.ofSeconds(10))) {
            assertTrue(Set.of("TLSv1.3", "TLSv1.2").contains(association.tlsProtocol()), association.tlsProtocol());
            assertTrue(association.accepted(UID.Verification) != null);
        }

        Path generated = TestImages.ct(work, TestImages.instanceUid("tls-store", 1), 128, 1);
        Path compressed = Peers.PYDICOM_FILES.resolve("MR_small_RLE.dcm");
        Path notDicom = Files.writeString(work.resolve("notes.txt"), "not DICOM");
        StoreReport report = client.cstore(CALLING, pacs, List.of(generated, notDicom, compressed));
        assertEquals(Status.Success, report.results().get(0).status(), report.toString());
        assertEquals(Status.CannotUnderstand, report.results().get(1).status(), report.toString());
        assertEquals(Status.Success, report.results().get(2).status(), report.toString());
        assertEquals(1, report.failed());

        for (Path sent : List.of(generated, compressed)) {
            String uid = report.results().get(sent == generated ? 0 : 2).sopInstanceUid();
            assertArrayEquals(
                    TestImages.dataSet(sent),
                    TestImages.dataSet(receivedFile(serverAuthReceived, uid)),
                    "data set of " + sent.getFileName() + " as received");
        }
    }

    @Test
    void theToolkitServiceSendsTlsNodesOverTls() throws Exception {
        DicomToolkitConfig config = (DicomToolkitConfig) Proxy.newProxyInstance(
                DicomToolkitConfig.class.getClassLoader(),
                new Class<?>[] {DicomToolkitConfig.class},
                (proxy, method, args) -> method.getDefaultValue());
        DicomToolkitComponent toolkit = new DicomToolkitComponent(config);
        DicomNode pacs = node("pacs", serverAuthPort, trusting("trust-pacs.p12"));
        assertNotNull(toolkit.cecho(CALLING, pacs));
        Path file = TestImages.ct(work, TestImages.instanceUid("tls-toolkit", 1), 32, 1);
        assertEquals(0, toolkit.cstore(CALLING, pacs, List.of(file)).failed());
        // The same peer as a plain node: no TLS, so the peer does not understand us.
        assertThrows(IOException.class, () -> toolkit.cecho(CALLING, node("pacs", serverAuthPort, null)));
    }

    @Test
    void mutualTlsShowsOurCertificateWhenTheNodeAsksForIt() throws Exception {
        DicomNode withCertificate = node("pacs-mutual", mutualAuthPort, withCertificate("trust-pacs.p12"));
        assertNotNull(client.cecho(CALLING, withCertificate));
        Path file = TestImages.ct(work, TestImages.instanceUid("tls-mutual", 1), 64, 1);
        assertEquals(0, client.cstore(CALLING, withCertificate, List.of(file)).failed());
        assertArrayEquals(
                TestImages.dataSet(file),
                TestImages.dataSet(receivedFile(mutualAuthReceived, TestImages.instanceUid("tls-mutual", 1))));

        DicomNode without = node("pacs-mutual", mutualAuthPort, trusting("trust-pacs.p12"));
        IOException e = assertThrows(IOException.class, () -> client.cecho(CALLING, without));
        assertTrue(
                e.getMessage().startsWith("TLS handshake with pacs-mutual (STORESCP@127.0.0.1:" + mutualAuthPort),
                e.getMessage());
    }

    @Test
    void aNodeWhoseCertificateIsNotTrustedFailsWithAClearMessage() throws Exception {
        DicomNode impostor = node("pacs", serverAuthPort, trusting("trust-stranger.p12"));
        IOException e = assertThrows(IOException.class, () -> client.cecho(CALLING, impostor));
        assertInstanceOf(SSLException.class, e);
        assertEquals(
                "TLS handshake with pacs (STORESCP@127.0.0.1:" + serverAuthPort + ", TLS) failed: its certificate is"
                        + " not trusted (not in truststore " + work.resolve("trust-stranger.p12") + ";",
                e.getMessage().substring(0, e.getMessage().indexOf(';') + 1));
        Path file = TestImages.ct(work, TestImages.instanceUid("tls-untrusted", 1), 32, 1);
        IOException store = assertThrows(IOException.class, () -> client.cstore(CALLING, impostor, List.of(file)));
        assertTrue(store.getMessage().startsWith("TLS handshake with pacs"), store.getMessage());
        try (Stream<Path> listing = Files.list(serverAuthReceived)) {
            assertTrue(listing.noneMatch(p -> p.toString().endsWith(TestImages.instanceUid("tls-untrusted", 1))));
        }
    }

    @Test
    void aNodeWithoutTlsFailsTheHandshake() {
        DicomNode plain = node("plain", plainPort, trusting("trust-pacs.p12"));
        IOException e = assertThrows(IOException.class, () -> client.cecho(CALLING, plain));
        assertTrue(e.getMessage().startsWith("TLS handshake with plain (STORESCP@127.0.0.1:"), e.getMessage());
    }

    @Test
    void findGetAndMoveAgainstOurOwnTlsListener() throws Exception {
        Path archive = Files.createDirectories(tmp.resolve("archive"));
        List<Path> instances = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            instances.add(TestImages.ct(archive, TestImages.instanceUid("tlsqr", i), 64, i));
        }
        DicomNode storescp = node("storescp", serverAuthPort, trusting("trust-pacs.p12"));
        QueryScp query = (association, model, keys, matches) -> {
            for (int i = 1; i <= 2; i++) {
                matches.add(files.newAttributes()
                        .setString(Tag.QueryRetrieveLevel, "STUDY")
                        .setString(Tag.PatientName, "Doe^" + i)
                        .setString(Tag.StudyInstanceUID, TestImages.STUDY_UID + "." + i));
            }
        };
        RetrieveScp retrieve = new RetrieveScp() {
            @Override
            public List<Path> locate(
                    org.atrium.dicom.AssociationInfo association, InformationModel model, Attributes keys) {
                return instances;
            }

            @Override
            public DicomNode destination(String aeTitle) {
                return aeTitle.equals("STORESCP") ? storescp : null;
            }
        };
        TlsConfig listenerTls =
                new TlsConfig(work.resolve("pacs.p12"), PASSWORD, "PKCS12", work.resolve("trust-atrium.p12"), PASSWORD);
        Path stored = Files.createDirectories(tmp.resolve("stored"));
        CollectingStorage storage = new CollectingStorage(stored);
        try (UpperLayerServer server = new UpperLayerServer(files);
                DicomServer.Listener listener = server.listen(
                        new ListenerConfig(
                                "OURPACS",
                                "127.0.0.1",
                                0,
                                Set.of(),
                                Set.of(),
                                Files.createDirectories(tmp.resolve("spool")),
                                256 * 1024,
                                Duration.ofSeconds(20),
                                4,
                                listenerTls),
                        storage,
                        query,
                        retrieve)) {
            DicomNode ours =
                    new DicomNode("ours", "OURPACS", "127.0.0.1", listener.port(), withCertificate("trust-pacs.p12"));
            assertNotNull(client.cecho(CALLING, ours));

            Path sent = TestImages.ct(work, TestImages.instanceUid("tls-own", 1), 64, 1);
            assertEquals(0, client.cstore(CALLING, ours, List.of(sent)).failed());
            assertArrayEquals(
                    TestImages.dataSet(sent),
                    TestImages.dataSet(storage.received
                            .get(TestImages.instanceUid("tls-own", 1))
                            .file()));

            Attributes keys = files.newAttributes()
                    .setString(Tag.QueryRetrieveLevel, "STUDY")
                    .setString(Tag.PatientName, "Doe*")
                    .setString(Tag.StudyInstanceUID);
            List<Attributes> matches = client.cfind(CALLING, ours, InformationModel.STUDY_ROOT, keys);
            assertEquals(
                    List.of("Doe^1", "Doe^2"),
                    matches.stream().map(m -> m.getString(Tag.PatientName)).toList());

            Attributes study = files.newAttributes()
                    .setString(Tag.QueryRetrieveLevel, "STUDY")
                    .setString(Tag.StudyInstanceUID, TestImages.STUDY_UID);
            Path target = tmp.resolve("cget");
            RetrieveReport got = client.cget(CALLING, ours, InformationModel.STUDY_ROOT, study, target);
            assertEquals(Status.Success, got.status(), got.toString());
            assertEquals(3, got.completed());
            assertEquals(3, got.received().size());
            for (Path instance : instances) {
                Path received = target.resolve(instance.getFileName());
                assertArrayEquals(TestImages.dataSet(instance), TestImages.dataSet(received));
            }
            try (Stream<Path> listing = Files.list(target)) {
                assertEquals(3, listing.count(), "no partial files left");
            }

            RetrieveReport moved = client.cmove(CALLING, ours, InformationModel.STUDY_ROOT, study, "STORESCP");
            assertEquals(Status.Success, moved.status(), moved.toString());
            assertEquals(3, moved.completed());
            for (Path instance : instances) {
                String uid = instance.getFileName().toString().replace(".dcm", "");
                assertArrayEquals(
                        TestImages.dataSet(instance), TestImages.dataSet(receivedFile(serverAuthReceived, uid)));
            }

            DicomNode unknownClient =
                    new DicomNode("ours", "OURPACS", "127.0.0.1", listener.port(), trusting("trust-pacs.p12"));
            IOException refused = assertThrows(IOException.class, () -> client.cecho(CALLING, unknownClient));
            assertTrue(refused.getMessage().startsWith("TLS handshake with ours"), refused.getMessage());
        }
    }
}
