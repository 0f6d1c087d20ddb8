package org.atrium.dicomweb.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes a {@code multipart/related} body (RFC 2387) part by part straight to the response, so
 * that a study of any size is streamed. Call {@link #part} for each part, write its content to
 * the stream it returns, then {@link #finish}.
 */
final class MultipartWriter {

    private final OutputStream out;
    private final String boundary;
    private boolean open;

    MultipartWriter(OutputStream out) {
        this(out, "atrium-" + UUID.randomUUID());
    }

    MultipartWriter(OutputStream out, String boundary) {
        this.out = out;
        this.boundary = boundary;
    }

    String boundary() {
        return boundary;
    }

    /** The Content-Type of the whole body, e.g. {@code multipart/related; type="application/dicom"}. */
    String contentType(String type) {
        return "multipart/related; type=\"" + type + "\"; boundary=" + boundary;
    }

    /**
     * Starts a part and returns the stream for its content (not to be closed).
     *
     * @param length the content's length, or -1 when unknown
     */
    OutputStream part(String contentType, long length, String contentLocation) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(open ? "\r\n--" : "--").append(boundary).append("\r\n");
        head.append("Content-Type: ").append(contentType).append("\r\n");
        if (length >= 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        if (contentLocation != null) {
            head.append("Content-Location: ").append(contentLocation).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        open = true;
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() {
                // The body goes on.
            }
        };
    }

    /** Writes the closing boundary. */
    void finish() throws IOException {
        out.write(((open ? "\r\n--" : "--") + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
