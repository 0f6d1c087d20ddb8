package org.atrium.dicom.internal.pixelmed;

import static org.atrium.dicom.internal.pixelmed.TestFiles.pydicom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomClient.FileResult;
import org.atrium.dicom.DicomClient.RetrieveReport;
import org.atrium.dicom.DicomClient.StoreReport;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.Status;
import org.atrium.dicom.Tag;
import org.atrium.dicom.internal.ClientTimeouts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Against real peers: DCMTK's storescp and an Orthanc run on loopback for the test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PixelMedClientTest {

    private static final String CALLING = "ATRIUM";
    private static final String CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    private static final String MR_STUDY = "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457";
    private static final String MR_SERIES = "1.3.6.1.4.1.5962.1.3.4.1.20040826185059.5457";
    private static final String MR_INSTANCE = "1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457";

    @TempDir
    static Path temp;

    private static Process storescp;
    private static Process orthanc;
    private static DicomNode storescpNode;
    private static DicomNode orthancNode;
    private static Path received;
    private static PixelMedClient client;
    private final PixelMedFiles files = new PixelMedFiles();

    @BeforeAll
    static void startPeers() throws Exception {
        PeerTools.assumeDcmtk();
        PeerTools.assumeOrthanc();
        int storescpPort = PeerTools.freePort();
        received = temp.resolve("storescp");
        storescp = PeerTools.startStorescp("STORESCP", storescpPort, received, temp.resolve("storescp.log"));
        storescpNode = new DicomNode("STORESCP", "127.0.0.1", storescpPort);
        int orthancPort = PeerTools.freePort();
        Map<String, Object[]> modalities = new LinkedHashMap<>();
        modalities.put("atrium", new Object[] {CALLING, PeerTools.freePort()});
        modalities.put("storescp", new Object[] {"STORESCP", storescpPort});
        // Strict: checks the called AE title, and serves only the modalities it knows (echo aside).
        orthanc = PeerTools.startOrthanc(temp.resolve("orthanc"), "ORTHANC", orthancPort, true, modalities, false);
        orthancNode = new DicomNode("orthanc", "ORTHANC", "127.0.0.1", orthancPort);
        client = new PixelMedClient(
                new ClientTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stopPeers() throws Exception {
        if (client != null) {
            client.close();
        }
        PeerTools.stop(orthanc);
        PeerTools.stop(storescp);
    }

    @Test
    @Order(1)
    void cechoAnsweredByStorescpAndOrthanc() throws Exception {
        Duration roundTrip = client.cecho(CALLING, storescpNode);
        assertTrue(roundTrip.compareTo(Duration.ZERO) > 0);
        assertNotNull(client.cecho(CALLING, orthancNode));
    }

    @Test
    @Order(1)
    void cechoToAClosedPortSaysConnectionRefused() throws Exception {
        DicomNode nobody = new DicomNode("NOBODY", "127.0.0.1", PeerTools.freePort());
        IOException e = assertThrows(IOException.class, () -> client.cecho(CALLING, nobody));
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertTrue(e.getMessage().contains("NOBODY@127.0.0.1:" + nobody.port()), e.getMessage());
    }

    @Test
    @Order(1)
    void aSilentPeerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                PixelMedClient impatient = new PixelMedClient(
                        new ClientTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException e) {
                    // The test is over.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(
                    SocketTimeoutException.class,
                    () -> impatient.cecho(CALLING, new DicomNode("SILENT", "127.0.0.1", silent.getLocalPort())));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 8, "took too long");
            assertTrue(e.getMessage().contains("SILENT"), e.getMessage());
            acceptor.interrupt();
        }
    }

    @Test
    @Order(1)
    void wrongCalledAeTitleIsRejectedWithItsReason() {
        DicomNode wrong = new DicomNode("NOT_ORTHANC", "127.0.0.1", orthancNode.port());
        IOException e = assertThrows(IOException.class, () -> client.cecho(CALLING, wrong));
        assertTrue(e.getMessage().startsWith("association rejected by NOT_ORTHANC"), e.getMessage());
        assertTrue(e.getMessage().contains("called AE title not recognized"), e.getMessage());
    }

    @Test
    @Order(2)
    void cstoreReportsEachFileAndSkipsWhatIsNotDicom() throws Exception {
        Path notDicom = Files.writeString(temp.resolve("readme.txt"), "not an image");
        List<Path> paths = List.of(
                pydicom("CT_small.dcm"),
                notDicom,
                pydicom("MR_small.dcm"),
                pydicom("rtplan.dcm"),
                pydicom("MR_small_RLE.dcm"));
        StoreReport report = client.cstore(CALLING, orthancNode, paths);
        assertEquals(5, report.results().size());
        List<FileResult> results = report.results();
        assertEquals(paths, results.stream().map(FileResult::file).toList());
        assertEquals(Status.Success, results.get(0).status(), String.valueOf(results.get(0)));
        assertTrue(Status.isFailure(results.get(1).status()));
        assertTrue(
                results.get(1).message().contains("not a DICOM file"),
                results.get(1).message());
        assertEquals(Status.Success, results.get(2).status(), String.valueOf(results.get(2)));
        assertEquals(MR_INSTANCE, results.get(2).sopInstanceUid());
        // Its meta header names another instance than its data set; the data set's UID is what counts.
        assertEquals(Status.Success, results.get(3).status(), String.valueOf(results.get(3)));
        assertEquals("1.2.777.777.77.7.7777.7777.20030903150023", results.get(3).sopInstanceUid());
        // Same instance as MR_small, sent compressed: Orthanc takes it (it keeps the first).
        assertTrue(!Status.isFailure(results.get(4).status()), String.valueOf(results.get(4)));
        assertEquals(1, report.failed());
    }

    @Test
    @Order(3)
    void cfindAtStudySeriesAndImageLevel() throws Exception {
        Attributes studies = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "STUDY")
                .setString(Tag.PatientName, "CompressedSamples*")
                .setString(Tag.StudyInstanceUID)
                .setString(Tag.StudyDate)
                .setString(Tag.ModalitiesInStudy);
        List<Attributes> both = client.cfind(CALLING, orthancNode, InformationModel.STUDY_ROOT, studies);
        assertEquals(Set.of(CT_STUDY, MR_STUDY), uids(both, Tag.StudyInstanceUID));

        studies.setString(Tag.StudyDate, "20040101-20040630");
        List<Attributes> ct = client.cfind(CALLING, orthancNode, InformationModel.STUDY_ROOT, studies);
        assertEquals(Set.of(CT_STUDY), uids(ct, Tag.StudyInstanceUID));
        assertEquals("20040119", ct.get(0).getString(Tag.StudyDate));
        assertEquals("CompressedSamples^CT1", ct.get(0).getString(Tag.PatientName));

        Attributes series = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "SERIES")
                .setString(Tag.StudyInstanceUID, MR_STUDY)
                .setString(Tag.SeriesInstanceUID)
                .setString(Tag.Modality);
        List<Attributes> mrSeries = client.cfind(CALLING, orthancNode, InformationModel.STUDY_ROOT, series);
        assertEquals(Set.of(MR_SERIES), uids(mrSeries, Tag.SeriesInstanceUID));
        assertEquals("MR", mrSeries.get(0).getString(Tag.Modality));

        Attributes images = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "IMAGE")
                .setString(Tag.PatientID, "4MR1")
                .setString(Tag.StudyInstanceUID, MR_STUDY)
                .setString(Tag.SeriesInstanceUID, MR_SERIES)
                .setString(Tag.SOPInstanceUID);
        List<Attributes> instances = client.cfind(CALLING, orthancNode, InformationModel.PATIENT_ROOT, images);
        assertEquals(Set.of(MR_INSTANCE), uids(instances, Tag.SOPInstanceUID));

        Attributes none = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "STUDY")
                .setString(Tag.PatientName, "Nobody^Here")
                .setString(Tag.StudyInstanceUID);
        assertTrue(client.cfind(CALLING, orthancNode, InformationModel.STUDY_ROOT, none)
                .isEmpty());
    }

    @Test
    @Order(4)
    void cmoveToStorescpDeliversIdenticalPixels() throws Exception {
        Attributes keys = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "STUDY")
                .setString(Tag.StudyInstanceUID, CT_STUDY);
        RetrieveReport report = client.cmove(CALLING, orthancNode, InformationModel.STUDY_ROOT, keys, "STORESCP");
        assertEquals(Status.Success, report.status(), report.toString());
        assertEquals(1, report.completed(), report.toString());
        assertEquals(0, report.failed());
        List<Path> delivered;
        try (Stream<Path> listing = Files.list(received)) {
            delivered = listing.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, delivered.size(), delivered.toString());
        assertSamePixels(pydicom("CT_small.dcm"), delivered.get(0));
    }

    @Test
    @Order(4)
    void cmoveToAnUnknownDestinationFailsWithTheStatus() {
        Attributes keys = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "STUDY")
                .setString(Tag.StudyInstanceUID, CT_STUDY);
        org.atrium.dicom.DicomException e = assertThrows(
                org.atrium.dicom.DicomException.class,
                () -> client.cmove(CALLING, orthancNode, InformationModel.STUDY_ROOT, keys, "NOWHERE"));
        assertTrue(Status.isFailure(e.status()), e.getMessage());
        assertTrue(e.getMessage().contains("C-MOVE failed at orthanc"), e.getMessage());
    }

    @Test
    @Order(5)
    void cgetWritesIdenticalFiles() throws Exception {
        Path target = temp.resolve("cget");
        Attributes keys = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "SERIES")
                .setString(Tag.StudyInstanceUID, MR_STUDY)
                .setString(Tag.SeriesInstanceUID, MR_SERIES);
        RetrieveReport report = client.cget(CALLING, orthancNode, InformationModel.STUDY_ROOT, keys, target);
        assertEquals(Status.Success, report.status(), report.toString());
        assertEquals(1, report.completed(), report.toString());
        assertEquals(1, report.received().size(), report.toString());
        Path file = report.received().get(0);
        assertTrue(file.startsWith(target));
        assertEquals(MR_INSTANCE, files.read(file).getString(Tag.SOPInstanceUID));
        assertSamePixels(pydicom("MR_small.dcm"), file);
        try (Stream<Path> listing = Files.list(target)) {
            assertEquals(List.of(file), listing.toList(), "no partial files left");
        }
    }

    @Test
    @Order(5)
    void unknownCallingAeTitleIsRefused() {
        Attributes keys = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "STUDY")
                .setString(Tag.StudyInstanceUID, MR_STUDY);
        Exception e = assertThrows(
                Exception.class,
                () -> client.cget(
                        "STRANGER", orthancNode, InformationModel.STUDY_ROOT, keys, temp.resolve("stranger")));
        assertTrue(e instanceof IOException, e.toString());
        assertTrue(e.getMessage().startsWith("association rejected by orthanc (ORTHANC@127.0.0.1"), e.getMessage());
        assertTrue(e.getMessage().contains("calling AE title not recognized"), e.getMessage());
    }

    @Test
    @Order(6)
    void operationsRunInParallel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                running.add(pool.submit(() -> client.cecho(CALLING, storescpNode)));
                running.add(pool.submit(() -> client.cfind(
                        CALLING,
                        orthancNode,
                        InformationModel.STUDY_ROOT,
                        files.newAttributes()
                                .setString(Tag.QueryRetrieveLevel, "STUDY")
                                .setString(Tag.StudyInstanceUID))));
            }
            for (Future<?> future : running) {
                assertNotNull(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(6)
    void cstoreOfNothingReadableDoesNotConnect() throws Exception {
        DicomNode nobody = new DicomNode("NOBODY", "127.0.0.1", PeerTools.freePort());
        Path text = Files.writeString(temp.resolve("only.txt"), "text");
        StoreReport report = client.cstore(CALLING, nobody, List.of(text));
        assertEquals(1, report.failed());
        assertNull(report.results().get(0).sopInstanceUid());
    }

    private void assertSamePixels(Path expected, Path actual) throws Exception {
        assertArrayEquals(TestFiles.pixelBytes(files.read(expected)), TestFiles.pixelBytes(files.read(actual)));
    }

    private static Set<String> uids(List<Attributes> matches, int tag) {
        return matches.stream().map(m -> m.getString(tag)).collect(Collectors.toSet());
    }
}
