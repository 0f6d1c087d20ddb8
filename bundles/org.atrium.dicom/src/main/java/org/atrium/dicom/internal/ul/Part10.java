package org.atrium.dicom.internal.ul;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The preamble and File Meta Information of Part 10 files (PS3.10 section 7.1), written and read. */
final class Part10 {

    private Part10() {}

    /** Atrium's Implementation Class UID (a UUID-derived UID, PS3.5 B.2). */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.218258658334909370583390387612313578650";

    static final String IMPLEMENTATION_VERSION_NAME = "ATRIUM_0_1";

    private static final int PREAMBLE_LENGTH = 128;
    private static final int MAX_META_LENGTH = 1 << 20;
    private static final Set<String> LONG_LENGTH_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT");

    /** What a sender needs to know of a Part 10 file, and where its data set begins. */
    record Header(
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntaxUid,
            long dataSetOffset,
            long dataSetLength) {}

    /** Preamble, {@code DICM} and File Meta Information for a data set received from {@code sourceAet}. */
    static byte[] fileMetaInformation(
            String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String sourceAet) {
        ByteArrayOutputStream group = new ByteArrayOutputStream(256);
        element(group, 0x0001, "OB", new byte[] {0, 1});
        element(group, 0x0002, "UI", padded(sopClassUid, 0));
        element(group, 0x0003, "UI", padded(sopInstanceUid, 0));
        element(group, 0x0010, "UI", padded(transferSyntaxUid, 0));
        element(group, 0x0012, "UI", padded(IMPLEMENTATION_CLASS_UID, 0));
        element(group, 0x0013, "SH", padded(IMPLEMENTATION_VERSION_NAME, ' '));
        if (sourceAet != null && !sourceAet.isEmpty()) {
            element(group, 0x0016, "AE", padded(sourceAet, ' '));
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream(PREAMBLE_LENGTH + 16 + group.size());
        file.writeBytes(new byte[PREAMBLE_LENGTH]);
        file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        int length = group.size();
        element(file, 0x0000, "UL", new byte[] {
            (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)
        });
        file.writeBytes(group.toByteArray());
        return file.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
        out.writeBytes(new byte[] {2, 0, (byte) element, (byte) (element >>> 8)});
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (LONG_LENGTH_VRS.contains(vr)) {
            int n = value.length;
            out.writeBytes(new byte[] {0, 0, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        } else {
            out.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >>> 8)});
        }
        out.writeBytes(value);
    }

    private static byte[] padded(String s, int pad) {
        byte[] v = s.getBytes(StandardCharsets.US_ASCII);
        if ((v.length & 1) == 0) {
            return v;
        }
        byte[] even = java.util.Arrays.copyOf(v, v.length + 1);
        even[v.length] = (byte) pad;
        return even;
    }

    /** Reads the File Meta Information of a Part 10 file; throws for files without preamble and meta header. */
    static Header readHeader(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 8192))) {
            byte[] start = new byte[PREAMBLE_LENGTH + 4];
            in.readFully(start);
            if (!"DICM".equals(new String(start, PREAMBLE_LENGTH, 4, StandardCharsets.US_ASCII))) {
                throw new IOException("not a Part 10 file (no DICM prefix): " + file);
            }
            long offset = start.length;
            String sopClass = null;
            String sopInstance = null;
            String transferSyntax = null;
            byte[] tag = new byte[4];
            while (offset < size) {
                try {
                    in.readFully(tag);
                } catch (EOFException e) {
                    break;
                }
                if (tag[0] != 2 || tag[1] != 0) {
                    break;
                }
                int element = (tag[2] & 0xFF) | (tag[3] & 0xFF) << 8;
                String vr = new String(new byte[] {in.readByte(), in.readByte()}, StandardCharsets.US_ASCII);
                long length;
                int headerLength;
                if (LONG_LENGTH_VRS.contains(vr)) {
                    in.readShort();
                    length = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
                    headerLength = 12;
                } else {
                    length = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                    headerLength = 8;
                }
                if (offset + headerLength + length > Math.min(size, MAX_META_LENGTH)) {
                    throw new IOException("malformed File Meta Information in " + file);
                }
                byte[] value = new byte[(int) length];
                in.readFully(value);
                String text = ItemCodec.trim(new String(value, StandardCharsets.US_ASCII));
                switch (element) {
                    case 0x0002 -> sopClass = text;
                    case 0x0003 -> sopInstance = text;
                    case 0x0010 -> transferSyntax = text;
                    default -> {
                        // other meta elements are not needed for sending
                    }
                }
                offset += headerLength + length;
            }
            if (sopClass == null || sopInstance == null || transferSyntax == null) {
                throw new IOException("File Meta Information lacks SOP class, instance or transfer syntax: " + file);
            }
            return new Header(sopClass, sopInstance, transferSyntax, offset, size - offset);
        }
    }
}
