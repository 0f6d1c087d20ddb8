package org.atrium.dicom.internal.ul;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Big-endian building blocks of A-ASSOCIATE PDUs: items are type, reserved byte, 16-bit length, value. */
final class ItemCodec {

    private ItemCodec() {}

    /** A growable big-endian byte buffer. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);

        Writer u8(int v) {
            bytes.write(v);
            return this;
        }

        Writer u16(int v) {
            bytes.write(v >>> 8);
            bytes.write(v);
            return this;
        }

        Writer u32(int v) {
            u16(v >>> 16);
            return u16(v & 0xFFFF);
        }

        Writer zeros(int n) {
            for (int i = 0; i < n; i++) {
                bytes.write(0);
            }
            return this;
        }

        Writer bytes(byte[] b) {
            bytes.write(b, 0, b.length);
            return this;
        }

        /** An AE title field: 16 bytes, padded with spaces. */
        Writer aeTitle(String aet) {
            byte[] field = new byte[16];
            Arrays.fill(field, (byte) ' ');
            byte[] value = aet.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(value, 0, field, 0, Math.min(16, value.length));
            return bytes(field);
        }

        Writer item(int type, byte[] value) {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException("item too long: " + value.length);
            }
            return u8(type).u8(0).u16(value.length).bytes(value);
        }

        Writer item(int type, String ascii) {
            return item(type, ascii.getBytes(StandardCharsets.US_ASCII));
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    static String ascii(ByteBuffer value) {
        byte[] b = new byte[value.remaining()];
        value.get(b);
        return trim(new String(b, StandardCharsets.US_ASCII));
    }

    /** Strips the space and NUL padding DICOM puts around UIDs and AE titles. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) <= ' ')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) <= ' ')) {
            end--;
        }
        return s.substring(start, end);
    }

    static String aeTitle(ByteBuffer body) throws ProtocolException {
        require(body, 16, "AE title");
        ByteBuffer field = body.slice();
        field.limit(16);
        body.position(body.position() + 16);
        return ascii(field);
    }

    /** The next item: positions {@code body} after it and returns its value; the type is in {@code type[0]}. */
    static ByteBuffer nextItem(ByteBuffer body, int[] type) throws ProtocolException {
        require(body, 4, "item header");
        type[0] = body.get() & 0xFF;
        body.get();
        int length = body.getShort() & 0xFFFF;
        require(body, length, String.format("item 0x%02X", type[0]));
        ByteBuffer value = body.slice();
        value.limit(length);
        body.position(body.position() + length);
        return value;
    }

    static void require(ByteBuffer body, int n, String what) throws ProtocolException {
        if (body.remaining() < n) {
            throw new ProtocolException(Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE, "truncated " + what);
        }
    }
}
