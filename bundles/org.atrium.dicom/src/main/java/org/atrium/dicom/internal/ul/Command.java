package org.atrium.dicom.internal.ul;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DIMSE command set: group 0000 elements, always Implicit VR Little Endian (PS3.7 section 6.3, Annex E).
 * Values are kept as {@link Integer} (US, UL), {@link String} (UI, AE, LO) or raw bytes (AT and unknown).
 */
final class Command {

    static final int AFFECTED_SOP_CLASS_UID = 0x0002;
    static final int REQUESTED_SOP_CLASS_UID = 0x0003;
    static final int COMMAND_FIELD = 0x0100;
    static final int MESSAGE_ID = 0x0110;
    static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x0120;
    static final int MOVE_DESTINATION = 0x0600;
    static final int PRIORITY = 0x0700;
    static final int COMMAND_DATA_SET_TYPE = 0x0800;
    static final int STATUS = 0x0900;
    static final int ERROR_COMMENT = 0x0902;
    static final int AFFECTED_SOP_INSTANCE_UID = 0x1000;
    static final int REMAINING_SUB_OPERATIONS = 0x1020;
    static final int COMPLETED_SUB_OPERATIONS = 0x1021;
    static final int FAILED_SUB_OPERATIONS = 0x1022;
    static final int WARNING_SUB_OPERATIONS = 0x1023;
    static final int MOVE_ORIGINATOR_AET = 0x1030;
    static final int MOVE_ORIGINATOR_MESSAGE_ID = 0x1031;

    static final int C_STORE_RQ = 0x0001;
    static final int C_STORE_RSP = 0x8001;
    static final int C_GET_RQ = 0x0010;
    static final int C_GET_RSP = 0x8010;
    static final int C_FIND_RQ = 0x0020;
    static final int C_FIND_RSP = 0x8020;
    static final int C_MOVE_RQ = 0x0021;
    static final int C_MOVE_RSP = 0x8021;
    static final int C_ECHO_RQ = 0x0030;
    static final int C_ECHO_RSP = 0x8030;
    static final int C_CANCEL_RQ = 0x0FFF;

    static final int NO_DATA_SET = 0x0101;
    static final int DATA_SET_PRESENT = 0x0000;

    /** Elements of group 0000 by element number. */
    private final Map<Integer, Object> elements = new TreeMap<>();

    static Command response(Command request, int commandField, int status, boolean dataSet) {
        Command rsp = new Command();
        String sopClass = request.getString(AFFECTED_SOP_CLASS_UID);
        if (sopClass != null) {
            rsp.set(AFFECTED_SOP_CLASS_UID, sopClass);
        }
        rsp.set(COMMAND_FIELD, commandField);
        rsp.set(MESSAGE_ID_BEING_RESPONDED_TO, request.getInt(MESSAGE_ID, 0));
        rsp.set(COMMAND_DATA_SET_TYPE, dataSet ? DATA_SET_PRESENT : NO_DATA_SET);
        rsp.set(STATUS, status);
        return rsp;
    }

    Command set(int element, int value) {
        elements.put(element, value);
        return this;
    }

    Command set(int element, String value) {
        elements.put(element, value);
        return this;
    }

    String getString(int element) {
        return elements.get(element) instanceof String s ? s : null;
    }

    int getInt(int element, int absent) {
        return elements.get(element) instanceof Integer i ? i : absent;
    }

    int commandField() {
        return getInt(COMMAND_FIELD, -1);
    }

    boolean hasDataSet() {
        return getInt(COMMAND_DATA_SET_TYPE, NO_DATA_SET) != NO_DATA_SET;
    }

    byte[] encode() {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        for (Map.Entry<Integer, Object> e : elements.entrySet()) {
            int element = e.getKey();
            if (element == 0x0000) {
                continue;
            }
            Object v = e.getValue();
            byte[] value;
            if (v instanceof Integer i) {
                value = isUnsignedLong(element) ? le32(i) : le16(i);
            } else if (v instanceof String s) {
                value = padded(s, isUid(element) ? '\0' : ' ');
            } else {
                value = (byte[]) v;
            }
            body.writeBytes(le16(0x0000));
            body.writeBytes(le16(element));
            body.writeBytes(le32(value.length));
            body.writeBytes(value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 12);
        out.writeBytes(new byte[] {0, 0, 0, 0, 4, 0, 0, 0});
        out.writeBytes(le32(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static Command decode(byte[] b, int length) throws ProtocolException {
        Command cmd = new Command();
        int pos = 0;
        while (pos < length) {
            if (length - pos < 8) {
                throw new ProtocolException(Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE, "truncated command element");
            }
            int group = u16(b, pos);
            int element = u16(b, pos + 2);
            long valueLength = u32(b, pos + 4);
            pos += 8;
            if (group != 0x0000 || valueLength > length - pos) {
                throw new ProtocolException(
                        Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE,
                        String.format("malformed command element (%04X,%04X)", group, element));
            }
            int n = (int) valueLength;
            if (isUnsignedLong(element) && n == 4) {
                cmd.elements.put(element, (int) u32(b, pos));
            } else if (isUnsignedShort(element) && n == 2) {
                cmd.elements.put(element, u16(b, pos));
            } else if (isString(element)) {
                cmd.elements.put(element, ItemCodec.trim(new String(b, pos, n, StandardCharsets.US_ASCII)));
            } else {
                byte[] raw = new byte[n];
                System.arraycopy(b, pos, raw, 0, n);
                cmd.elements.put(element, raw);
            }
            pos += n;
        }
        return cmd;
    }

    private static boolean isUnsignedLong(int element) {
        return element == 0x0000;
    }

    private static boolean isUnsignedShort(int element) {
        return switch (element) {
            case COMMAND_FIELD,
                    MESSAGE_ID,
                    MESSAGE_ID_BEING_RESPONDED_TO,
                    PRIORITY,
                    COMMAND_DATA_SET_TYPE,
                    STATUS,
                    0x0903,
                    0x1002,
                    0x1008,
                    REMAINING_SUB_OPERATIONS,
                    COMPLETED_SUB_OPERATIONS,
                    FAILED_SUB_OPERATIONS,
                    WARNING_SUB_OPERATIONS,
                    MOVE_ORIGINATOR_MESSAGE_ID -> true;
            default -> false;
        };
    }

    private static boolean isUid(int element) {
        return element == AFFECTED_SOP_CLASS_UID
                || element == REQUESTED_SOP_CLASS_UID
                || element == AFFECTED_SOP_INSTANCE_UID
                || element == 0x1001;
    }

    private static boolean isString(int element) {
        return isUid(element)
                || element == MOVE_DESTINATION
                || element == ERROR_COMMENT
                || element == MOVE_ORIGINATOR_AET;
    }

    private static byte[] padded(String s, char pad) {
        byte[] v = s.getBytes(StandardCharsets.US_ASCII);
        if ((v.length & 1) == 0) {
            return v;
        }
        byte[] even = new byte[v.length + 1];
        System.arraycopy(v, 0, even, 0, v.length);
        even[v.length] = (byte) pad;
        return even;
    }

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static int u16(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int pos) {
        return (u16(b, pos) | (long) u16(b, pos + 2) << 16) & 0xFFFFFFFFL;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Command");
        elements.forEach((k, v) -> sb.append(String.format(" (0000,%04X)=", k))
                .append(v instanceof Integer i ? String.format("0x%04X", i) : v instanceof byte[] ? "…" : v));
        return sb.toString();
    }
}
