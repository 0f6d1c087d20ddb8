package org.atrium.dicom.internal.ul;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atrium.dicom.UID;

/** Writes small synthetic CT images as Part 10 files in Explicit VR Little Endian. */
final class TestImages {

    static final String STUDY_UID = "1.2.826.0.1.3680043.9.7777.1";
    static final String SERIES_UID = "1.2.826.0.1.3680043.9.7777.1.1";

    private TestImages() {}

    static String instanceUid(String prefix, int n) {
        return "1.2.826.0.1.3680043.9.7777.1.1." + prefix + "." + n;
    }

    /** A CT image of {@code size}×{@code size} 16-bit pixels with a gradient, so compressors have something to do. */
    static Path ct(Path dir, String sopInstanceUid, int size, int instanceNumber) throws IOException {
        ByteArrayOutputStream ds = new ByteArrayOutputStream(size * size * 2 + 1024);
        text(ds, 0x0008, 0x0016, "UI", UID.CTImageStorage, 0);
        text(ds, 0x0008, 0x0018, "UI", sopInstanceUid, 0);
        text(ds, 0x0008, 0x0060, "CS", "CT", ' ');
        text(ds, 0x0010, 0x0010, "PN", "Test^Patient", ' ');
        text(ds, 0x0010, 0x0020, "LO", "PID-1", ' ');
        text(ds, 0x0020, 0x000D, "UI", STUDY_UID, 0);
        text(ds, 0x0020, 0x000E, "UI", SERIES_UID, 0);
        text(ds, 0x0020, 0x0013, "IS", Integer.toString(instanceNumber), ' ');
        us(ds, 0x0028, 0x0002, 1);
        text(ds, 0x0028, 0x0004, "CS", "MONOCHROME2", ' ');
        us(ds, 0x0028, 0x0010, size);
        us(ds, 0x0028, 0x0011, size);
        us(ds, 0x0028, 0x0100, 16);
        us(ds, 0x0028, 0x0101, 12);
        us(ds, 0x0028, 0x0102, 11);
        us(ds, 0x0028, 0x0103, 0);
        byte[] pixels = new byte[size * size * 2];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = (x * 7 + y * 3 + instanceNumber * 11) & 0x0FFF;
                pixels[(y * size + x) * 2] = (byte) v;
                pixels[(y * size + x) * 2 + 1] = (byte) (v >>> 8);
            }
        }
        header(ds, 0x7FE0, 0x0010, "OW");
        ds.writeBytes(new byte[] {0, 0});
        le32(ds, pixels.length);
        ds.writeBytes(pixels);
        Path file = dir.resolve(sopInstanceUid + ".dcm");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(
                    Part10.fileMetaInformation(UID.CTImageStorage, sopInstanceUid, UID.ExplicitVRLittleEndian, "GEN"));
            ds.writeTo(out);
        }
        return file;
    }

    private static void text(ByteArrayOutputStream out, int group, int element, String vr, String value, int pad) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        int length = v.length + (v.length & 1);
        header(out, group, element, vr);
        out.writeBytes(new byte[] {(byte) length, (byte) (length >>> 8)});
        out.writeBytes(v);
        if ((v.length & 1) != 0) {
            out.write(pad);
        }
    }

    private static void us(ByteArrayOutputStream out, int group, int element, int value) {
        header(out, group, element, "US");
        out.writeBytes(new byte[] {2, 0, (byte) value, (byte) (value >>> 8)});
    }

    private static void header(ByteArrayOutputStream out, int group, int element, String vr) {
        out.writeBytes(new byte[] {(byte) group, (byte) (group >>> 8), (byte) element, (byte) (element >>> 8)});
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.writeBytes(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    /** The bytes of a Part 10 file after its File Meta Information. */
    static byte[] dataSet(Path file) throws IOException {
        Part10.Header header = Part10.readHeader(file);
        byte[] all = Files.readAllBytes(file);
        return java.util.Arrays.copyOfRange(all, (int) header.dataSetOffset(), all.length);
    }
}
