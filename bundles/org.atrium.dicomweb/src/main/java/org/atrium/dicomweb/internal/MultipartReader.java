package org.atrium.dicomweb.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a multipart body (RFC 2046 5.1, as PS3.18 uses it for STOW-RS) part by part, each part's
 * content as a stream that ends at the next boundary. Nothing is held in memory beyond one buffer,
 * so parts of any size pass through. Not thread-safe; read each part before asking for the next.
 */
final class MultipartReader {

    /** A part's headers (names lower case) and its content, readable until the next boundary. */
    record Part(Map<String, String> headers, InputStream content) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static final int MAX_HEADER_BYTES = 16 * 1024;

    /**
     * RFC 2046 allows 70 characters; Orthanc sends two UUIDs (73), and a longer boundary harms
     * no one here.
     */
    static final int MAX_BOUNDARY = 256;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int position;
    private int end;
    private boolean inputEnded;
    private boolean finished;
    private PartStream current;

    /**
     * @param boundary the {@code boundary} parameter of the body's Content-Type
     */
    MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new IllegalArgumentException(
                    "a multipart boundary has 1 to " + MAX_BOUNDARY + " characters, not '" + boundary + "'");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[Math.max(64 * 1024, 4 * delimiter.length)];
        // The first boundary may open the body: behave as if a line break came before it.
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
    }

    /** The next part, or {@code null} after the closing boundary. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            // The preamble, ignored as RFC 2046 says.
            new PartStream().transferTo(OutputStreamSink.INSTANCE);
        } else {
            current.transferTo(OutputStreamSink.INSTANCE);
        }
        // Just after a delimiter: "--" closes the body, otherwise padding and a line break.
        if (!ensure(2)) {
            throw new IOException("multipart body ends right after a boundary");
        }
        if (buffer[position] == '-' && buffer[position + 1] == '-') {
            finished = true;
            return null;
        }
        while (ensure(1) && (buffer[position] == ' ' || buffer[position] == '\t')) {
            position++;
        }
        if (!ensure(2) || buffer[position] != '\r' || buffer[position + 1] != '\n') {
            throw new IOException("multipart boundary is not followed by a line break");
        }
        position += 2;
        Map<String, String> headers = headers();
        current = new PartStream();
        return new Part(headers, current);
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = line();
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("multipart part headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed multipart part header: '" + line + "'");
            }
            headers.merge(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!ensure(1)) {
                throw new IOException("multipart body ends inside a part's headers");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
            if (line.length() > MAX_HEADER_BYTES) {
                throw new IOException("multipart part header longer than " + MAX_HEADER_BYTES + " bytes");
            }
        }
    }

    /** Makes {@code count} bytes available from {@code position}; false if the input ends first. */
    private boolean ensure(int count) throws IOException {
        while (end - position < count) {
            if (inputEnded) {
                return false;
            }
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, end - position);
                end -= position;
                position = 0;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                inputEnded = true;
            } else {
                end += n;
            }
        }
        return true;
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        int last = end - delimiter.length;
        outer:
        for (int i = position; i <= last; i++) {
            if (buffer[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A part's content: the bytes up to the next delimiter, which it consumes at its end. */
    private final class PartStream extends InputStream {

        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            while (true) {
                int found = indexOfDelimiter();
                if (found == position) {
                    position += delimiter.length;
                    ended = true;
                    return -1;
                }
                // Bytes before a delimiter, or that cannot be the start of one, are content.
                int safe = found >= 0 ? found - position : end - position - (delimiter.length - 1);
                if (safe > 0) {
                    int n = Math.min(safe, length);
                    System.arraycopy(buffer, position, target, offset, n);
                    position += n;
                    return n;
                }
                if (inputEnded) {
                    throw new IOException("multipart body ends without its closing boundary");
                }
                int before = end - position;
                ensure(before + 1);
            }
        }

        @Override
        public void close() {
            // The reader skips what is left when asked for the next part.
        }
    }

    /** Discards what is written. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
