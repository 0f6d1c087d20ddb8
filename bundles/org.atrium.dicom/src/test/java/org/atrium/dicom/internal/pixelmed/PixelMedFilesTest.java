package org.atrium.dicom.internal.pixelmed;

import static org.atrium.dicom.internal.pixelmed.TestFiles.assertSameDataSet;
import static org.atrium.dicom.internal.pixelmed.TestFiles.charset;
import static org.atrium.dicom.internal.pixelmed.TestFiles.pydicom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PixelMedFilesTest {

    private static final List<String> NATIVE_SYNTAXES = List.of(
            UID.ImplicitVRLittleEndian,
            UID.ExplicitVRLittleEndian,
            UID.ExplicitVRBigEndian,
            UID.DeflatedExplicitVRLittleEndian);

    private final PixelMedFiles files = new PixelMedFiles();

    @TempDir
    Path temp;

    /** Files with native (or no) pixel data: round trip through every native transfer syntax. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "CT_small.dcm",
                "MR_small.dcm",
                "MR_small_bigendian.dcm",
                "MR_small_implicit.dcm",
                "MR_small_expb.dcm",
                "ExplVR_BigEnd.dcm",
                "ExplVR_BigEndNoMeta.dcm",
                "image_dfl.dcm",
                "priv_SQ.dcm",
                "rtplan.dcm",
                "rtstruct.dcm",
                "rtdose.dcm",
                "test-SR.dcm",
                "reportsi.dcm",
                "waveform_ecg.dcm",
                "liver_expb_1frame.dcm",
                "no_meta_group_length.dcm"
            })
    void encodeDecodeRoundTripKeepsValues(String name) throws Exception {
        Attributes original = files.read(pydicom(name));
        for (String syntax : NATIVE_SYNTAXES) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            files.encode(original, syntax, bytes);
            Attributes decoded = files.decode(new ByteArrayInputStream(bytes.toByteArray()), syntax);
            boolean implicit = UID.ImplicitVRLittleEndian.equals(syntax);
            assertSameDataSet(original, decoded, name + " in " + syntax, implicit);
            if (original.getString(Tag.SOPInstanceUID) == null) {
                continue;
            }
            Path written = temp.resolve(name + "-" + syntax + ".dcm");
            files.write(original, syntax, written);
            Attributes reread = files.read(written);
            assertSameDataSet(original, reread, name + " written in " + syntax, implicit);
            assertEquals(syntax, reread.getString(Tag.TransferSyntaxUID));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"MR_small_RLE.dcm", "JPEG2000.dcm", "SC_rgb_jpeg_gdcm.dcm", "MR_small_jpeg_ls_lossless.dcm"})
    void compressedFilesRoundTripInTheirOwnSyntaxOnly(String name) throws Exception {
        Attributes original = files.read(pydicom(name));
        String syntax = original.getString(Tag.TransferSyntaxUID);
        Path written = temp.resolve(name);
        files.write(original, syntax, written);
        assertSameDataSet(original, files.read(written), name);

        IOException refused = assertThrows(
                IOException.class, () -> files.write(original, UID.ExplicitVRLittleEndian, temp.resolve("native.dcm")));
        assertTrue(refused.getMessage().contains("not transcoded"), refused.getMessage());
        assertFalse(Files.exists(temp.resolve("native.dcm")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"chrH31.dcm", "chrX1.dcm", "chrArab.dcm", "chrJapMulti.dcm", "chrRuss.dcm", "chrSQEncoding.dcm"})
    void specificCharacterSetsSurviveARoundTrip(String name) throws Exception {
        Attributes original = files.read(charset(name));
        for (String syntax : List.of(UID.ExplicitVRLittleEndian, UID.ExplicitVRBigEndian)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            files.encode(original, syntax, bytes);
            // Text PixelMed cannot encode in the original character set is written in UTF-8.
            assertSameDataSet(
                    original, files.decode(new ByteArrayInputStream(bytes.toByteArray()), syntax), name, false, true);
        }
    }

    @Test
    void readsPersonNamesInTheirCharacterSet() throws Exception {
        assertEquals(
                "Yamada^Tarou=山田^太郎=やまだ^たろう", files.read(charset("chrH31.dcm")).getString(Tag.PatientName));
        assertEquals("Buc^Jérôme", files.read(charset("chrFren.dcm")).getString(Tag.PatientName));
        assertEquals("Люкceмбypг", files.read(charset("chrRuss.dcm")).getString(Tag.PatientName));
    }

    @Test
    void readHeaderStopsBeforePixelDataAndKeepsMetaInformation() throws Exception {
        Attributes header = files.readHeader(pydicom("MR_small.dcm"));
        assertFalse(header.contains(Tag.PixelData));
        assertEquals(UID.ExplicitVRLittleEndian, header.getString(Tag.TransferSyntaxUID));
        assertEquals("CompressedSamples^MR1", header.getString(Tag.PatientName));
        assertEquals(64, header.getInt(Tag.Rows));
        assertTrue(files.read(pydicom("MR_small.dcm")).contains(Tag.PixelData));
        // Its header is whole; only the pixel data is cut off.
        assertNotNull(files.readHeader(pydicom("MR_truncated.dcm")).getString(Tag.SOPInstanceUID));
    }

    @Test
    void notDicomIsAnIOException() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.txt"), "root:x:0:0:root:/root:/bin/bash\n".repeat(20));
        Path empty = Files.createFile(temp.resolve("empty.dcm"));
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        Path random = Files.write(temp.resolve("random.dcm"), noise);
        byte[] fakePart10 = new byte[300];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, fakePart10, 128, 4);
        Path fake = Files.write(temp.resolve("fake.dcm"), fakePart10);
        for (Path file :
                List.of(text, empty, random, fake, pydicom("MR_truncated.dcm"), pydicom("rtplan_truncated.dcm"))) {
            IOException e = assertThrows(IOException.class, () -> files.read(file), file.toString());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        for (Path file : List.of(text, empty, random, fake, pydicom("rtplan_truncated.dcm"))) {
            assertThrows(IOException.class, () -> files.readHeader(file), file.toString());
        }
        assertThrows(IOException.class, () -> files.read(temp.resolve("missing.dcm")));
    }

    @Test
    void decodingGarbageIsAnIOException() {
        byte[] noise = new byte[512];
        new Random(7).nextBytes(noise);
        for (String syntax : NATIVE_SYNTAXES) {
            assertThrows(IOException.class, () -> files.decode(new ByteArrayInputStream(noise), syntax), syntax);
        }
        assertThrows(
                IOException.class,
                () -> files.decode(new ByteArrayInputStream(new byte[8]), "1.2.3.4.not.a.transfer.syntax"));
    }

    @Test
    void encodeLeavesTheCallersStreamOpenAndOmitsMetaInformation() throws Exception {
        Attributes dataset = files.read(pydicom("CT_small.dcm"));
        assertTrue(dataset.contains(Tag.TransferSyntaxUID));
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream watched = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        files.encode(dataset, UID.DeflatedExplicitVRLittleEndian, watched);
        assertFalse(closed[0]);
        Attributes decoded =
                files.decode(new ByteArrayInputStream(bytes.toByteArray()), UID.DeflatedExplicitVRLittleEndian);
        assertFalse(decoded.contains(Tag.TransferSyntaxUID));
        assertEquals(dataset.getString(Tag.SOPInstanceUID), decoded.getString(Tag.SOPInstanceUID));
    }

    @Test
    void identifiersRoundTripWithEmptyKeys() throws Exception {
        Attributes keys = files.newAttributes()
                .setString(Tag.QueryRetrieveLevel, "STUDY")
                .setString(Tag.PatientName, "Doe*")
                .setString(Tag.StudyDate, "20200101-20201231")
                .setString(Tag.StudyInstanceUID)
                .setString(Tag.ModalitiesInStudy, "CT", "MR")
                .setString(Tag.NumberOfStudyRelatedInstances);
        for (String syntax : NATIVE_SYNTAXES) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            files.encode(keys, syntax, bytes);
            Attributes decoded = files.decode(new ByteArrayInputStream(bytes.toByteArray()), syntax);
            assertSameDataSet(keys, decoded, syntax);
            assertTrue(decoded.contains(Tag.StudyInstanceUID));
            assertNull(decoded.getString(Tag.StudyInstanceUID));
            assertArrayEquals(new String[] {"CT", "MR"}, decoded.getStrings(Tag.ModalitiesInStudy));
        }
        assertEquals(
                0,
                files.decode(new ByteArrayInputStream(new byte[0]), UID.ImplicitVRLittleEndian)
                        .tags()
                        .length);
    }

    @Test
    void writeNeedsSopUidsAndLeavesNoPartialFile() {
        Attributes incomplete = files.newAttributes().setString(Tag.PatientName, "Doe^John");
        Path target = temp.resolve("x.dcm");
        IOException e =
                assertThrows(IOException.class, () -> files.write(incomplete, UID.ExplicitVRLittleEndian, target));
        assertTrue(e.getMessage().contains("SOP"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void dictionaryKeywords() {
        assertEquals(Tag.PatientName, files.tagOf("PatientName"));
        assertEquals(0x00180060, files.tagOf("KVP"));
        assertEquals(Tag.StudyInstanceUID, files.tagOf("StudyInstanceUID"));
        assertEquals(-1, files.tagOf("NoSuchKeyword"));
        assertEquals("PatientName", files.keywordOf(Tag.PatientName));
        assertEquals("KVP", files.keywordOf(0x00180060));
        assertNull(files.keywordOf(0x00091001));
        assertNull(files.keywordOf(0x00090010));
    }

    /** DCMTK, written by others, reads what we write. */
    @Test
    void dcmtkReadsWrittenFiles() throws Exception {
        PeerTools.assumeDcmtk();
        Attributes original = files.read(pydicom("CT_small.dcm"));
        original.setString(Tag.PatientName, "Müller^Jürgen");
        for (String syntax : NATIVE_SYNTAXES) {
            Path written = temp.resolve("dcmtk-" + syntax + ".dcm");
            files.write(original, syntax, written);
            Process dump = new ProcessBuilder(
                            "dcmdump", "-q", "+P", "PatientName", "+P", "SpecificCharacterSet", written.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(dump.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, dump.exitValue(), syntax + ": " + out);
            assertTrue(out.contains("ISO_IR 192") || out.contains("ISO_IR 100"), out);
            assertTrue(new String(Files.readAllBytes(written), StandardCharsets.ISO_8859_1).length() > 0);
            List<String> lines = new ArrayList<>(out.lines().toList());
            assertTrue(lines.stream().anyMatch(l -> l.contains("(0010,0010)")), out);
        }
    }
}
