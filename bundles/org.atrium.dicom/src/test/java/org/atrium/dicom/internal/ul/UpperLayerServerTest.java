package org.atrium.dicom.internal.ul;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomServer;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.UID;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Association handling, C-ECHO and C-STORE against DCMTK's echoscu and storescu. */
class UpperLayerServerTest {

    private static final String AE = "ATRIUM";

    /** storescu's option that proposes a transfer syntax first. */
    private static final Map<String, String> PROPOSE_OPTIONS = Map.ofEntries(
            Map.entry(UID.ExplicitVRLittleEndian, "-xe"),
            Map.entry(UID.ImplicitVRLittleEndian, "-xi"),
            Map.entry(UID.ExplicitVRBigEndian, "-xb"),
            Map.entry(UID.DeflatedExplicitVRLittleEndian, "-xd"),
            Map.entry(UID.JPEGLosslessSV1, "-xs"),
            Map.entry(UID.JPEGBaseline8Bit, "-xy"),
            Map.entry(UID.JPEGExtended12Bit, "-xx"),
            Map.entry(UID.JPEG2000Lossless, "-xv"),
            Map.entry(UID.JPEG2000, "-xw"),
            Map.entry(UID.JPEGLSLossless, "-xt"),
            Map.entry(UID.RLELossless, "-xr"));

    @TempDir
    Path tmp;

    private Path spool;
    private Path stored;
    private Path work;
    private UpperLayerServer server;

    @BeforeEach
    void setUp() throws IOException {
        Peers.assumeDcmtk();
        spool = Files.createDirectories(tmp.resolve("spool"));
        stored = Files.createDirectories(tmp.resolve("stored"));
        work = Files.createDirectories(tmp.resolve("work"));
        server = new UpperLayerServer(new PixelMedFiles());
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private ListenerConfig config(Set<String> callingAets, Set<String> hosts, int maxAssociations, Duration idle) {
        return new ListenerConfig(AE, "127.0.0.1", 0, callingAets, hosts, spool, 256 * 1024, idle, maxAssociations);
    }

    private ListenerConfig config() {
        return config(Set.of(), Set.of(), 16, Duration.ofSeconds(20));
    }

    private Peers.Result echo(int port, String callingAet, String calledAet) throws Exception {
        return Peers.run(work, "echoscu", "-aet", callingAet, "-aec", calledAet, "127.0.0.1", Integer.toString(port));
    }

    private Peers.Result storescu(int port, String callingAet, List<?> options, List<Path> files) throws Exception {
        return Peers.run(
                work,
                Peers.args("storescu", "-R", "-aet", callingAet, "-aec", AE, options, "127.0.0.1", port, files)
                        .toArray(String[]::new));
    }

    @Test
    void answersEcho() throws Exception {
        try (DicomServer.Listener listener = server.listen(config(), null, null, null)) {
            assertNotEquals(0, listener.port());
            echo(listener.port(), "ECHOSCU", AE).assertSucceeded();
            awaitNoAssociations(listener);
        }
    }

    @Test
    void rejectsUnknownCalledAeTitle() throws Exception {
        try (DicomServer.Listener listener = server.listen(config(), null, null, null)) {
            Peers.Result result = echo(listener.port(), "ECHOSCU", "SOMEONE_ELSE");
            assertNotEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("Called AE Title Not Recognized"), result.output());
        }
    }

    @Test
    void acceptsOnlyWhitelistedCallingAeTitles() throws Exception {
        try (DicomServer.Listener listener =
                server.listen(config(Set.of("FRIEND"), Set.of(), 4, Duration.ofSeconds(20)), null, null, null)) {
            echo(listener.port(), "FRIEND", AE).assertSucceeded();
            Peers.Result stranger = echo(listener.port(), "STRANGER", AE);
            assertNotEquals(0, stranger.exitCode(), stranger.output());
            assertTrue(stranger.output().contains("Calling AE Title Not Recognized"), stranger.output());
        }
    }

    @Test
    void rejectsHostsNotAllowed() throws Exception {
        try (DicomServer.Listener allowed = server.listen(
                        config(Set.of(), Set.of("127.0.0.1"), 4, Duration.ofSeconds(20)), null, null, null);
                DicomServer.Listener elsewhere = server.listen(
                        config(Set.of(), Set.of("192.0.2.7"), 4, Duration.ofSeconds(20)), null, null, null)) {
            echo(allowed.port(), "ECHOSCU", AE).assertSucceeded();
            Peers.Result result = echo(elsewhere.port(), "ECHOSCU", AE);
            assertNotEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("Rejected Permanent"), result.output());
        }
    }

    @Test
    void storesObjectsAsReceived() throws Exception {
        List<Path> originals = new ArrayList<>();
        Path generated = TestImages.ct(work, TestImages.instanceUid("s", 1), 128, 1);
        originals.add(generated);
        Path jpeg = work.resolve("jpeg.dcm");
        Peers.run(
                        work,
                        "dcmcjpeg",
                        TestImages.ct(work, TestImages.instanceUid("s", 2), 64, 2)
                                .toString(),
                        jpeg.toString())
                .assertSucceeded();
        originals.add(jpeg);
        Path rle = work.resolve("rle.dcm");
        Peers.run(
                        work,
                        "dcmcrle",
                        TestImages.ct(work, TestImages.instanceUid("s", 3), 64, 3)
                                .toString(),
                        rle.toString())
                .assertSucceeded();
        originals.add(rle);
        for (String name : List.of(
                "CT_small.dcm",
                "MR_small_implicit.dcm",
                "JPEG2000.dcm",
                "MR_small_RLE.dcm",
                "SC_rgb_jpeg_dcmtk.dcm",
                "image_dfl.dcm",
                "MR_small_bigendian.dcm",
                "JPGExtended.dcm",
                "MR_small_jpeg_ls_lossless.dcm")) {
            originals.add(Peers.PYDICOM_FILES.resolve(name));
        }
        CollectingStorage storage = new CollectingStorage(stored);
        try (DicomServer.Listener listener = server.listen(config(), storage, null, null)) {
            // storescu proposes a compressed transfer syntax only when told which: one run per file. The
            // pydicom files share SOP Instance UIDs, so each is checked and cleared before the next.
            for (Path original : originals) {
                Part10.Header header = Part10.readHeader(original);
                String option = PROPOSE_OPTIONS.get(header.transferSyntaxUid());
                storescu(listener.port(), "STORESCU", List.of(option), List.of(original))
                        .assertSucceeded();
                CollectingStorage.Received received = storage.received.remove(header.sopInstanceUid());
                assertTrue(received != null, "not received: " + original);
                assertEquals(header.transferSyntaxUid(), received.transferSyntaxUid(), original.toString());
                assertEquals(header.sopClassUid(), received.sopClassUid(), original.toString());
                assertEquals("STORESCU", received.association().callingAet());
                assertEquals(
                        header.transferSyntaxUid(),
                        Part10.readHeader(received.file()).transferSyntaxUid());
                assertEquals(dump(original), dump(received.file()), "dcmdump of " + original);
                if (!original.startsWith(Peers.PYDICOM_FILES)) {
                    // DCMTK re-encodes what it sends; files it wrote itself come out byte for byte.
                    assertArrayEquals(
                            TestImages.dataSet(original), TestImages.dataSet(received.file()), original.toString());
                }
                String meta = Peers.run(work, "dcmdump", "-M", received.file().toString())
                        .output();
                assertTrue(meta.contains("(0002,0016) AE [STORESCU]"), meta);
                assertTrue(meta.contains(Part10.IMPLEMENTATION_CLASS_UID), meta);
                Files.delete(received.file());
            }
        }
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(0, left.count(), "spool folder not empty");
        }
    }

    /**
     * The data set part of dcmdump's output, without what DCMTK changes when it re-encodes a data set
     * for sending: defined or undefined lengths of sequences and items, delimitation items, trailing padding.
     */
    private String dump(Path file) throws Exception {
        String out = Peers.run(work, "dcmdump", "+L", file.toString())
                .assertSucceeded()
                .output();
        StringBuilder normalized = new StringBuilder();
        for (String line : out.substring(out.indexOf("# Dicom-Data-Set")).split("\n")) {
            if (!line.contains("Delimitation") && !line.startsWith("(fffc,fffc)")) {
                normalized
                        .append(line.replaceAll("\\s+#\\s*(\\d+|u/l),\\s*\\d+\\s+\\S+$", "")
                                .replaceAll(" with (explicit|undefined) length #=\\d+", ""))
                        .append('\n');
            }
        }
        return normalized.toString();
    }

    @Test
    void answersTheStatusOfAFailingHandler() throws Exception {
        Path file = TestImages.ct(work, TestImages.instanceUid("f", 1), 32, 1);
        Path crash = TestImages.ct(work, TestImages.instanceUid("f", 2), 32, 2);
        try (DicomServer.Listener listener = server.listen(
                config(),
                (association, sopClass, sopInstance, ts, received) -> {
                    if (sopInstance.endsWith(".2")) {
                        throw new IllegalStateException("handler bug");
                    }
                    throw new DicomException(0xA7F0, "disk quota");
                },
                null,
                null)) {
            Peers.Result result =
                    storescu(listener.port(), "STORESCU", List.of("-d", "--no-halt"), List.of(file, crash));
            assertTrue(result.output().contains("0xa7f0"), result.output());
            assertTrue(result.output().contains("0x0110"), result.output());
        }
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(0, left.count(), "spool folder not empty");
        }
    }

    @Test
    void abortsGarbageAndKeepsServing() throws Exception {
        try (DicomServer.Listener listener = server.listen(config(), null, null, null)) {
            // An unknown PDU type.
            assertAborted(listener.port(), new byte[] {0x09, 0, 0, 0, 0, 4, 1, 2, 3, 4});
            // A P-DATA-TF before any association, of absurd length.
            assertAborted(listener.port(), new byte[] {0x04, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0});
            // An A-ASSOCIATE-RQ whose items run past its end.
            byte[] rq = new byte[6 + 74];
            rq[0] = 0x01;
            rq[5] = 74;
            rq[7] = 1;
            rq[74] = 0x10;
            rq[76] = 0x7F;
            assertAborted(listener.port(), rq);
            // A truncated PDU and a closed connection.
            try (Socket socket = new Socket("127.0.0.1", listener.port())) {
                socket.getOutputStream().write(new byte[] {0x01, 0, 0, 0, 1, 0, 0, 1});
            }
            echo(listener.port(), "ECHOSCU", AE).assertSucceeded();
            awaitNoAssociations(listener);
        }
    }

    /** The peer may exit before the association's thread has counted itself out. */
    static void awaitNoAssociations(DicomServer.Listener listener) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (listener.activeAssociations() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, listener.activeAssociations());
    }

    private static void assertAborted(int port, byte[] garbage) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(garbage);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(Pdu.ABORT, in.readUnsignedByte());
            in.readUnsignedByte();
            assertEquals(4, in.readInt());
            in.readShort();
            assertEquals(Pdu.ABORT_SOURCE_PROVIDER, in.readUnsignedByte());
            in.readUnsignedByte();
            assertEquals(-1, in.read(), "connection not closed after A-ABORT");
        }
    }

    @Test
    void abortsIdleAssociations() throws Exception {
        try (DicomServer.Listener listener =
                        server.listen(config(Set.of(), Set.of(), 4, Duration.ofMillis(500)), null, null, null);
                Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(5000);
            long start = System.nanoTime();
            try {
                assertEquals(Pdu.ABORT, socket.getInputStream().read());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no A-ABORT after the idle timeout", e);
            }
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(400));
        }
    }

    @Test
    void rejectsAssociationsBeyondTheLimit() throws Exception {
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Path file = TestImages.ct(work, TestImages.instanceUid("l", 1), 32, 1);
        try (DicomServer.Listener listener = server.listen(
                config(Set.of(), Set.of(), 1, Duration.ofSeconds(20)),
                (association, sopClass, sopInstance, ts, received) -> {
                    storing.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                null,
                null)) {
            Process blocked = Peers.start(
                    work,
                    work.resolve("blocked.log"),
                    "storescu",
                    "-aet",
                    "SLOW",
                    "-aec",
                    AE,
                    "127.0.0.1",
                    Integer.toString(listener.port()),
                    file.toString());
            assertTrue(storing.await(30, TimeUnit.SECONDS));
            assertEquals(1, listener.activeAssociations());
            Peers.Result result = echo(listener.port(), "ECHOSCU", AE);
            release.countDown();
            assertTrue(blocked.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, blocked.exitValue(), Files.readString(work.resolve("blocked.log")));
            assertNotEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("Rejected Transient"), result.output());
            assertTrue(result.output().contains("Local Limit Exceeded"), result.output());
        }
    }

    @Test
    void concurrentSendersLoseNothing() throws Exception {
        int senders = 8;
        int perSender = 6;
        List<List<Path>> batches = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            List<Path> batch = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                batch.add(TestImages.ct(work, TestImages.instanceUid("c" + s, i), 128, i));
            }
            batches.add(batch);
        }
        CollectingStorage storage = new CollectingStorage(stored);
        try (DicomServer.Listener listener = server.listen(config(), storage, null, null)) {
            List<Process> processes = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                processes.add(Peers.start(
                        work,
                        work.resolve("sender" + s + ".log"),
                        Peers.args(
                                        "storescu",
                                        "-aet",
                                        "SENDER" + s,
                                        "-aec",
                                        AE,
                                        "127.0.0.1",
                                        listener.port(),
                                        batches.get(s))
                                .toArray(String[]::new)));
            }
            for (int s = 0; s < senders; s++) {
                assertTrue(processes.get(s).waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, processes.get(s).exitValue(), Files.readString(work.resolve("sender" + s + ".log")));
            }
        }
        assertEquals(senders * perSender, storage.received.size());
        for (List<Path> batch : batches) {
            for (Path original : batch) {
                Part10.Header header = Part10.readHeader(original);
                assertArrayEquals(
                        TestImages.dataSet(original),
                        TestImages.dataSet(
                                storage.received.get(header.sopInstanceUid()).file()));
            }
        }
    }

    @Test
    void closingFreesThePortAndAbortsAssociations() throws Exception {
        DicomServer.Listener listener = server.listen(config(), null, null, null);
        int port = listener.port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            AssociateRq rq = new AssociateRq();
            rq.calledAet = AE;
            rq.callingAet = "RAW";
            rq.contexts.add(PresentationContext.proposed(1, UID.Verification, List.of(UID.ImplicitVRLittleEndian)));
            rq.implementationClassUid = "1.2.3.4";
            byte[] body = rq.encode();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeByte(Pdu.ASSOCIATE_RQ);
            out.writeByte(0);
            out.writeInt(body.length);
            out.write(body);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(Pdu.ASSOCIATE_AC, in.readUnsignedByte());
            in.readUnsignedByte();
            in.readFully(new byte[in.readInt()]);
            assertEquals(1, listener.activeAssociations());
            listener.close();
            assertEquals(Pdu.ABORT, in.readUnsignedByte());
            in.readFully(new byte[9]);
            assertEquals(-1, in.read());
        }
        awaitNoAssociations(listener);
        ListenerConfig again =
                new ListenerConfig(AE, "127.0.0.1", port, Set.of(), Set.of(), spool, 65536, Duration.ofSeconds(5), 2);
        try (DicomServer.Listener reopened = server.listen(again, null, null, null)) {
            assertEquals(port, reopened.port());
            echo(port, "ECHOSCU", AE).assertSucceeded();
        }
    }

    @Test
    void rejectsUnsupportedAbstractSyntaxes() throws Exception {
        Path file = TestImages.ct(work, TestImages.instanceUid("n", 1), 32, 1);
        try (DicomServer.Listener listener = server.listen(config(), null, null, null)) {
            Peers.Result result = storescu(listener.port(), "STORESCU", List.of(), List.of(file));
            assertNotEquals(0, result.exitCode(), result.output());
        }
        try (Stream<Path> left = Files.list(spool)) {
            assertFalse(left.findAny().isPresent());
        }
    }
}
