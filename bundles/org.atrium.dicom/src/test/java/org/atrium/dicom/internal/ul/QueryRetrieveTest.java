package org.atrium.dicom.internal.ul;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.DicomServer;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.QueryScp;
import org.atrium.dicom.RetrieveScp;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C-FIND, C-MOVE and C-GET against DCMTK's findscu, movescu (to a storescp) and getscu. */
class QueryRetrieveTest {

    private static final String AE = "ATRIUM";

    @TempDir
    Path tmp;

    private final DicomFiles files = new PixelMedFiles();
    private Path work;
    private UpperLayerServer server;
    private DicomServer.Listener listener;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Peers.assumeDcmtk();
        work = Files.createDirectories(tmp.resolve("work"));
        server = new UpperLayerServer(files);
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroy);
        if (server != null) {
            server.close();
        }
    }

    private int listen(QueryScp query, RetrieveScp retrieve) throws IOException {
        listener = server.listen(
                new ListenerConfig(
                        AE, "127.0.0.1", 0, Set.of(), Set.of(), tmp.resolve("spool"), 65536, Duration.ofSeconds(20), 8),
                null,
                query,
                retrieve);
        return listener.port();
    }

    private Attributes study(int n) {
        return files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "STUDY")
                .setString(Tag.PatientName, "Doe^Jane" + n)
                .setString(Tag.StudyInstanceUID, "1.2.826.0.1.3680043.9.7777.9." + n);
    }

    @Test
    void findAnswersEveryMatch() throws Exception {
        AtomicReference<Attributes> keys = new AtomicReference<>();
        AtomicReference<InformationModel> model = new AtomicReference<>();
        int port = listen(
                (association, informationModel, identifier, matches) -> {
                    keys.set(identifier);
                    model.set(informationModel);
                    for (int i = 0; i < 3; i++) {
                        matches.add(study(i));
                    }
                },
                null);
        Path out = Files.createDirectories(work.resolve("find"));
        Peers.run(
                        work,
                        "findscu",
                        "-S",
                        "-aet",
                        "FINDSCU",
                        "-aec",
                        AE,
                        "-k",
                        "QueryRetrieveLevel=STUDY",
                        "-k",
                        "PatientName=Doe*",
                        "-k",
                        "StudyInstanceUID",
                        "-X",
                        "-od",
                        out.toString(),
                        "127.0.0.1",
                        Integer.toString(port))
                .assertSucceeded();
        assertEquals(InformationModel.STUDY_ROOT, model.get());
        assertEquals("Doe*", keys.get().getString(Tag.PatientName));
        assertTrue(keys.get().contains(Tag.StudyInstanceUID));
        List<String> dumps = new ArrayList<>();
        try (Stream<Path> responses = Files.list(out)) {
            for (Path response : responses.sorted().toList()) {
                dumps.add(Peers.run(work, "dcmdump", response.toString())
                        .assertSucceeded()
                        .output());
            }
        }
        assertEquals(3, dumps.size());
        for (int i = 0; i < 3; i++) {
            assertTrue(dumps.get(i).contains("[Doe^Jane" + i + "]"), dumps.get(i));
        }
    }

    @Test
    void findStopsWhenCancelledAndAnswersHandlerFailures() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        int port = listen(
                (association, informationModel, identifier, matches) -> {
                    if ("FAIL".equals(identifier.getString(Tag.PatientID))) {
                        throw new DicomException(0xA700, "index offline");
                    }
                    for (int i = 0; i < 50; i++) {
                        if (!matches.add(study(i))) {
                            refused.incrementAndGet();
                            return;
                        }
                        delivered.incrementAndGet();
                        sleep(20);
                    }
                },
                null);
        Peers.Result cancelled = Peers.run(
                work,
                "findscu",
                "-v",
                "-S",
                "--cancel",
                "2",
                "-aet",
                "FINDSCU",
                "-aec",
                AE,
                "-k",
                "QueryRetrieveLevel=STUDY",
                "127.0.0.1",
                Integer.toString(port));
        assertEquals(1, refused.get(), cancelled.output());
        assertTrue(delivered.get() < 50, cancelled.output());
        assertTrue(cancelled.output().contains("Cancel"), cancelled.output());
        Peers.Result failed = Peers.run(
                work,
                "findscu",
                "-d",
                "-S",
                "-aet",
                "FINDSCU",
                "-aec",
                AE,
                "-k",
                "QueryRetrieveLevel=STUDY",
                "-k",
                "PatientID=FAIL",
                "127.0.0.1",
                Integer.toString(port));
        assertTrue(failed.output().contains("0xa700"), failed.output());
        assertTrue(failed.output().contains("index offline"), failed.output());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Generated CT images, one RLE-compressed, all in {@link TestImages#STUDY_UID}. */
    private List<Path> studyFiles(int count) throws Exception {
        Path dir = Files.createDirectories(work.resolve("originals"));
        List<Path> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(TestImages.ct(dir, TestImages.instanceUid("r", i), 96, i));
        }
        Path rle = dir.resolve("rle.dcm");
        Peers.run(
                        work,
                        "dcmcrle",
                        TestImages.ct(work, TestImages.instanceUid("r", 99), 64, 99)
                                .toString(),
                        rle.toString())
                .assertSucceeded();
        list.add(rle);
        return list;
    }

    private RetrieveScp retrieveScp(List<Path> study, Path extra, int destinationPort) {
        return new RetrieveScp() {
            @Override
            public List<Path> locate(
                    org.atrium.dicom.AssociationInfo association, InformationModel model, Attributes keys) {
                if (!TestImages.STUDY_UID.equals(keys.getString(Tag.StudyInstanceUID))) {
                    return List.of();
                }
                List<Path> located = new ArrayList<>(study);
                if (extra != null) {
                    located.add(extra);
                }
                return located;
            }

            @Override
            public DicomNode destination(String aeTitle) {
                return "DEST".equals(aeTitle) ? new DicomNode("DEST", "127.0.0.1", destinationPort) : null;
            }
        };
    }

    private static Path receivedFile(Path dir, Path original) throws IOException {
        String uid = Part10.readHeader(original).sopInstanceUid();
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(uid))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("not received: " + uid));
        }
    }

    @Test
    void moveSendsEveryInstanceToTheDestination() throws Exception {
        List<Path> study = studyFiles(5);
        Path dest = Files.createDirectories(work.resolve("dest"));
        int destPort = Peers.freePort();
        // storescp takes uncompressed syntaxes only: the RLE instance must fail and be named as failed.
        processes.add(Peers.start(
                work,
                work.resolve("storescp.log"),
                "storescp",
                "-aet",
                "DEST",
                "-od",
                dest.toString(),
                Integer.toString(destPort)));
        Peers.awaitPort(destPort);
        int port = listen(null, retrieveScp(study, null, destPort));
        Peers.Result moved = Peers.run(
                work,
                "movescu",
                "-d",
                "-S",
                "-aet",
                "MOVESCU",
                "-aec",
                AE,
                "-aem",
                "DEST",
                "-k",
                "QueryRetrieveLevel=STUDY",
                "-k",
                "StudyInstanceUID=" + TestImages.STUDY_UID,
                "127.0.0.1",
                Integer.toString(port));
        for (Path original : study.subList(0, 5)) {
            assertArrayEquals(
                    TestImages.dataSet(original),
                    TestImages.dataSet(receivedFile(dest, original)),
                    original.toString());
        }
        assertTrue(moved.output().contains("0xff00"), moved.output());
        assertTrue(moved.output().contains("0xb000"), moved.output());
        assertTrue(moved.output().contains("Completed Suboperations       : 5"), moved.output());
        assertTrue(moved.output().contains("Failed Suboperations          : 1"), moved.output());
        String rle = Part10.readHeader(study.get(5)).sopInstanceUid();
        assertTrue(
                moved.output().contains("FailedSOPInstanceUIDList")
                        && moved.output().contains(rle),
                moved.output());
        Peers.Result unknown = Peers.run(
                work,
                "movescu",
                "-d",
                "-S",
                "-aet",
                "MOVESCU",
                "-aec",
                AE,
                "-aem",
                "NOWHERE",
                "-k",
                "QueryRetrieveLevel=STUDY",
                "-k",
                "StudyInstanceUID=" + TestImages.STUDY_UID,
                "127.0.0.1",
                Integer.toString(port));
        assertTrue(unknown.output().contains("0xa801"), unknown.output());
        assertTrue(listenerIdle());
    }

    @Test
    void getSendsOverTheRequestorsAssociation() throws Exception {
        List<Path> study = studyFiles(4);
        assertEquals(5, study.size());
        // getscu proposes uncompressed syntaxes only: the big endian file is converted, the RLE one fails.
        Path bigEndian = Peers.PYDICOM_FILES.resolve("MR_small_bigendian.dcm");
        Path out = Files.createDirectories(work.resolve("get"));
        int port = listen(null, retrieveScp(study, bigEndian, 1));
        Peers.Result got = Peers.run(
                work,
                "getscu",
                "-d",
                "-S",
                "-aet",
                "GETSCU",
                "-aec",
                AE,
                "-od",
                out.toString(),
                "-k",
                "QueryRetrieveLevel=STUDY",
                "-k",
                "StudyInstanceUID=" + TestImages.STUDY_UID,
                "127.0.0.1",
                Integer.toString(port));
        for (Path original : study.subList(0, 4)) {
            assertArrayEquals(
                    TestImages.dataSet(original), TestImages.dataSet(receivedFile(out, original)), original.toString());
        }
        Path converted = receivedFile(out, bigEndian);
        assertFalse(UID.ExplicitVRBigEndian.equals(Part10.readHeader(converted).transferSyntaxUid()));
        Attributes before = files.read(bigEndian);
        Attributes after = files.read(converted);
        assertEquals(before.getString(Tag.PatientName), after.getString(Tag.PatientName));
        assertEquals(before.getInt(Tag.Rows), after.getInt(Tag.Rows));
        // Final status: sub-operations complete with one failure. (getscu 3.6.7 does not read the Failed
        // SOP Instance UID List that comes with it, so its release fails; the move test checks the list.)
        assertTrue(got.output().contains("0xb000"), got.output());
        assertTrue(got.output().contains("Number of Completed Suboperations : 5"), got.output());
        assertTrue(got.output().contains("Number of Failed Suboperations    : 1"), got.output());
        try (Stream<Path> received = Files.list(out)) {
            assertEquals(5, received.count());
        }
        assertTrue(listenerIdle());
    }

    private boolean listenerIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (listener.activeAssociations() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return listener.activeAssociations() == 0;
    }
}
