package org.atrium.dicom.internal.ul;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * PDUs and DIMSE messages over one TCP connection (PS3.8 section 9.3). Reading is done by the one
 * thread that runs the association; writing a PDU is atomic, so another thread may send an A-ABORT
 * between two PDUs of a message. Data set fragments are copied between the socket and a stream in
 * chunks; no whole object is ever held in memory.
 */
final class PduChannel implements Closeable {

    /** Size of the socket stream buffers and of the copy buffer. */
    static final int BUFFER_SIZE = 64 * 1024;
    /** PDUs larger than this are not sent even where the peer would take them. */
    private static final int MAX_SEND_PDU = 256 * 1024;
    /** Tolerance above the announced maximum for P-DATA-TF PDUs of sloppy peers. */
    private static final int RECEIVE_SLACK = 1024;

    private static final int MAX_ASSOCIATE_PDU = 1 << 20;
    private static final int MAX_COMMAND = 1 << 16;

    /** One DIMSE command and the presentation context it came on. */
    record Message(int contextId, Command command) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final int maxReceive;
    private final byte[] copyBuffer = new byte[BUFFER_SIZE];
    private int maxSend = 16 * 1024;
    private byte[] sendBuffer;

    private int pduLength;
    private long pduLeft;
    private int pdvLeft;
    private int pdvContextId;
    private int pdvControl;
    private volatile boolean closed;

    PduChannel(Socket socket, int maxReceive) throws IOException {
        this.socket = socket;
        this.maxReceive = maxReceive;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE));
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE);
    }

    /** The peer's maximum P-DATA-TF length from its user information; 0 means unlimited. */
    void setMaxSend(int peerMaxPduLength) {
        int max = peerMaxPduLength <= 0 ? MAX_SEND_PDU : Math.min(peerMaxPduLength, MAX_SEND_PDU);
        maxSend = Math.max(max, 64);
        sendBuffer = null;
    }

    int maxReceive() {
        return maxReceive;
    }

    // ---------------------------------------------------------------- reading

    /** Reads a PDU header and returns the PDU type; {@link #readPduBody()} reads what follows. */
    int readPduHeader() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by peer");
        }
        in.readUnsignedByte();
        int length = in.readInt();
        boolean valid =
                switch (type) {
                    case Pdu.P_DATA_TF -> length >= 0 && length <= maxReceive + RECEIVE_SLACK;
                    case Pdu.ASSOCIATE_RQ, Pdu.ASSOCIATE_AC -> length >= 68 && length <= MAX_ASSOCIATE_PDU;
                    case Pdu.ASSOCIATE_RJ, Pdu.RELEASE_RQ, Pdu.RELEASE_RP, Pdu.ABORT -> length == 4;
                    default -> throw new ProtocolException(Pdu.ABORT_UNRECOGNIZED_PDU, Pdu.typeName(type));
                };
        if (!valid) {
            throw new ProtocolException(
                    Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE,
                    Pdu.typeName(type) + " with invalid length " + Integer.toUnsignedString(length));
        }
        pduLength = length;
        return type;
    }

    byte[] readPduBody() throws IOException {
        byte[] body = new byte[pduLength];
        in.readFully(body);
        return body;
    }

    int available() throws IOException {
        return in.available();
    }

    /**
     * Positions on the next PDV header. Returns -1 when one was read, otherwise the type of an
     * A-RELEASE-RQ or -RP that arrived instead (its body consumed). Throws for A-ABORT and anything else.
     */
    private int nextPdv() throws IOException {
        while (pduLeft == 0) {
            int type = readPduHeader();
            if (type == Pdu.P_DATA_TF) {
                if (pduLength == 0) {
                    throw new ProtocolException(Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE, "empty P-DATA-TF");
                }
                pduLeft = pduLength;
            } else {
                byte[] body = readPduBody();
                if (type == Pdu.ABORT) {
                    throw new AbortedException(body[2] & 0xFF, body[3] & 0xFF);
                }
                if (type == Pdu.RELEASE_RQ || type == Pdu.RELEASE_RP) {
                    return type;
                }
                throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU, "unexpected " + Pdu.typeName(type));
            }
        }
        if (pduLeft < 6) {
            throw new ProtocolException(Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE, "truncated PDV item");
        }
        int length = in.readInt();
        if (length < 2 || length > pduLeft - 4) {
            throw new ProtocolException(
                    Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE,
                    "PDV item length " + Integer.toUnsignedString(length) + " does not fit its PDU");
        }
        pdvContextId = in.readUnsignedByte();
        pdvControl = in.readUnsignedByte();
        pduLeft -= 4L + length;
        pdvLeft = length - 2;
        return -1;
    }

    private boolean pdvIsCommand() {
        return (pdvControl & 1) != 0;
    }

    private boolean pdvIsLast() {
        return (pdvControl & 2) != 0;
    }

    /**
     * Reads the next DIMSE command. Returns {@code null} when the peer asked for release (A-RELEASE-RQ
     * at a message boundary). If the command announces a data set, the caller must read or skip it next.
     */
    Message readMessage() throws IOException {
        int other = nextPdv();
        if (other == Pdu.RELEASE_RQ) {
            return null;
        }
        if (other != -1) {
            throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU, "unexpected " + Pdu.typeName(other));
        }
        if (!pdvIsCommand()) {
            throw new ProtocolException(
                    Pdu.ABORT_UNEXPECTED_PDU_PARAMETER, "data set fragment where a command was expected");
        }
        int contextId = pdvContextId;
        byte[] command = new byte[Math.max(256, pdvLeft)];
        int length = 0;
        while (true) {
            if (length + pdvLeft > MAX_COMMAND) {
                throw new ProtocolException(Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE, "DIMSE command longer than 64 KiB");
            }
            if (length + pdvLeft > command.length) {
                command = java.util.Arrays.copyOf(command, Math.max(length + pdvLeft, command.length * 2));
            }
            in.readFully(command, length, pdvLeft);
            length += pdvLeft;
            pdvLeft = 0;
            if (pdvIsLast()) {
                break;
            }
            if (nextPdv() != -1 || !pdvIsCommand() || pdvContextId != contextId) {
                throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU_PARAMETER, "command fragments interrupted");
            }
        }
        return new Message(contextId, Command.decode(command, length));
    }

    /**
     * Copies the data set fragments that follow a command into {@code sink} ({@code null} skips them).
     * A failing sink does not stop the reading, so the association stays in step: its first error is
     * returned, network errors are thrown.
     */
    IOException readDataSet(int contextId, OutputStream sink) throws IOException {
        IOException sinkError = null;
        while (true) {
            if (nextPdv() != -1 || pdvIsCommand() || pdvContextId != contextId) {
                throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU_PARAMETER, "data set fragments interrupted");
            }
            while (pdvLeft > 0) {
                int n = in.read(copyBuffer, 0, Math.min(pdvLeft, copyBuffer.length));
                if (n < 0) {
                    throw new EOFException("connection closed in the middle of a data set");
                }
                pdvLeft -= n;
                if (sink != null && sinkError == null) {
                    try {
                        sink.write(copyBuffer, 0, n);
                    } catch (IOException e) {
                        sinkError = e;
                    }
                }
            }
            if (pdvIsLast()) {
                return sinkError;
            }
        }
    }

    /** Reads a small data set (a query identifier) into memory; larger than {@code limit} aborts. */
    byte[] readDataSetBytes(int contextId, int limit) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        OutputStream limited = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (bytes.size() + len > limit) {
                    throw new IOException("data set larger than " + limit + " bytes");
                }
                bytes.write(b, off, len);
            }
        };
        IOException tooLarge = readDataSet(contextId, limited);
        if (tooLarge != null) {
            throw new ProtocolException(Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE, tooLarge.getMessage());
        }
        return bytes.toByteArray();
    }

    // ---------------------------------------------------------------- writing

    /** Writes a whole association-level PDU and flushes. */
    void writePdu(int type, byte[] body) throws IOException {
        synchronized (writeLock) {
            out.write(type);
            out.write(0);
            out.write(body.length >>> 24);
            out.write(body.length >>> 16);
            out.write(body.length >>> 8);
            out.write(body.length);
            out.write(body);
            out.flush();
        }
    }

    void writeAbort(int source, int reason) throws IOException {
        writePdu(Pdu.ABORT, new byte[] {0, 0, (byte) source, (byte) reason});
    }

    /** Sends a DIMSE message: the command, then {@code length} bytes of data set from {@code dataSet} if not null. */
    void writeMessage(int contextId, Command command, InputStream dataSet, long length) throws IOException {
        byte[] encoded = command.encode();
        writeFragments(contextId, true, new java.io.ByteArrayInputStream(encoded), encoded.length);
        if (dataSet != null) {
            writeFragments(contextId, false, dataSet, length);
        }
        synchronized (writeLock) {
            out.flush();
        }
    }

    void writeMessage(int contextId, Command command, byte[] dataSet) throws IOException {
        writeMessage(
                contextId,
                command,
                dataSet == null ? null : new java.io.ByteArrayInputStream(dataSet),
                dataSet == null ? 0 : dataSet.length);
    }

    private void writeFragments(int contextId, boolean command, InputStream source, long length) throws IOException {
        if (sendBuffer == null) {
            sendBuffer = new byte[maxSend + 6];
        }
        byte[] buf = sendBuffer;
        int maxFragment = maxSend - 6;
        long left = length;
        do {
            int n = (int) Math.min(left, maxFragment);
            readFully(source, buf, 12, n);
            left -= n;
            putInt(buf, 2, n + 6);
            putInt(buf, 6, n + 2);
            buf[0] = Pdu.P_DATA_TF;
            buf[1] = 0;
            buf[10] = (byte) contextId;
            buf[11] = (byte) ((command ? 1 : 0) | (left == 0 ? 2 : 0));
            synchronized (writeLock) {
                out.write(buf, 0, 12 + n);
            }
        } while (left > 0);
    }

    private static void readFully(InputStream source, byte[] buf, int off, int len) throws IOException {
        while (len > 0) {
            int n = source.read(buf, off, len);
            if (n < 0) {
                throw new EOFException("data set source ended early");
            }
            off += n;
            len -= n;
        }
    }

    private static void putInt(byte[] b, int pos, int v) {
        b[pos] = (byte) (v >>> 24);
        b[pos + 1] = (byte) (v >>> 16);
        b[pos + 2] = (byte) (v >>> 8);
        b[pos + 3] = (byte) v;
    }

    /** Sends an A-ABORT if the connection is still open, then closes it; safe from any thread. */
    void abort(int source, int reason) {
        if (!closed) {
            try {
                writeAbort(source, reason);
            } catch (IOException | RuntimeException e) {
                // The peer is gone already; closing is all that is left to do.
            }
        }
        close();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
