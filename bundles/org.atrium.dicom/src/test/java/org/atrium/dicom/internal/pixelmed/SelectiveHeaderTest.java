package org.atrium.dicom.internal.pixelmed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selective header read against the full one, over every file of pydicom's test and
 * character set collections (implicit and explicit VR, encapsulated pixel data, sequences of
 * undefined length, UN, big endian and deflated files that fall back, broken files): the same
 * values for the tags the store indexes, and an error wherever the full read has one; beyond it,
 * an error for pixel data cut short.
 */
class SelectiveHeaderTest {

    static final int[] TAGS = {
        Tag.PatientID, Tag.IssuerOfPatientID, Tag.PatientName, Tag.PatientBirthDate, Tag.PatientSex,
        Tag.StudyInstanceUID, Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.StudyID,
        Tag.StudyDescription, Tag.ReferringPhysicianName, Tag.SeriesInstanceUID, Tag.Modality, Tag.SeriesNumber,
        Tag.SeriesDescription, Tag.BodyPartExamined, Tag.SOPInstanceUID, Tag.SOPClassUID, Tag.InstanceNumber,
        Tag.TransferSyntaxUID
    };

    final PixelMedFiles files = new PixelMedFiles();

    @TempDir
    Path dir;

    @Test
    void readsWhatTheFullReadReadsInEveryTestFile() throws Exception {
        List<Path> all = new ArrayList<>();
        for (Path folder : List.of(TestFiles.PYDICOM, TestFiles.PYDICOM_CHARSETS)) {
            Assumptions.assumeTrue(
                    Files.isDirectory(folder), "pydicom test files missing: apt-get install python3-pydicom");
            try (Stream<Path> list = Files.list(folder)) {
                list.filter(Files::isRegularFile).sorted().forEach(all::add);
            }
        }
        int compared = 0;
        int refused = 0;
        List<String> lenient = new ArrayList<>();
        for (Path file : all) {
            Attributes full;
            try {
                full = files.readHeader(file);
            } catch (IOException e) {
                // Where PixelMed cannot parse an element the index does not need (nested private
                // sequences), the selective read still walks the file's structure and may succeed.
                try {
                    files.readHeader(file, TAGS);
                    lenient.add(file.getFileName().toString());
                } catch (IOException expected) {
                    refused++;
                }
                continue;
            }
            Attributes selected;
            try {
                selected = files.readHeader(file, TAGS);
            } catch (IOException e) {
                // Stricter than the full header read in one way: pixel data that runs past the
                // end of the file is an error; such a file cannot be read whole either.
                assertTrue(e.getMessage().contains("runs past the end"), file + ": " + e.getMessage());
                assertThrows(IOException.class, () -> files.read(file), file + " reads whole");
                refused++;
                continue;
            }
            for (int tag : TAGS) {
                assertArrayEquals(
                        full.getStrings(tag), selected.getStrings(tag), file + " " + Integer.toHexString(tag));
            }
            compared++;
        }
        assertTrue(compared > 60, "compared only " + compared + " files");
        assertTrue(refused > 0, "no broken file among the test files");
        assertTrue(lenient.size() <= 3, "read selectively but not in full: " + lenient);
    }

    @Test
    void aTruncatedHeaderIsAnError() throws Exception {
        Path source = TestFiles.pydicom("CT_small.dcm");
        byte[] bytes = Files.readAllBytes(source);
        Path truncated = Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(bytes, 700));
        IOException e = assertThrows(IOException.class, () -> files.readHeader(truncated, TAGS));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        // CT_small ends with 126 bytes of Data Set Trailing Padding after its pixel data: cut into the pixels.
        Path noPixels = Files.write(dir.resolve("short-pixels.dcm"), Arrays.copyOf(bytes, bytes.length - 1000));
        assertThrows(IOException.class, () -> files.readHeader(noPixels, TAGS));
        assertEquals(
                files.readHeader(source).getString(Tag.SOPInstanceUID),
                files.readHeader(source, TAGS).getString(Tag.SOPInstanceUID));
    }
}
