package org.atrium.dicomweb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<byte[]> readAll(InputStream in, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(in, boundary);
        List<byte[]> parts = new ArrayList<>();
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            parts.add(part.content().readAllBytes());
        }
        assertNull(reader.next(), "stays at the end");
        return parts;
    }

    /** Hands out at most {@code chunk} bytes per read, as a network does. */
    private static InputStream trickle(byte[] body, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void readsTheStandardsExampleWithHeadersPreambleAndEpilogue() throws IOException {
        String body = "This is the preamble.\r\n"
                + "--xyz\r\n"
                + "Content-Type: application/dicom\r\n"
                + "content-location:  /a \r\n"
                + "\r\n"
                + "first\r\npart\r\n"
                + "--xyz  \r\n"
                + "\r\n"
                + "second"
                + "\r\n--xyz--\r\n"
                + "This is the epilogue.";
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(bytes(body)), "xyz");
        MultipartReader.Part first = reader.next();
        assertEquals("application/dicom", first.header("content-type"));
        assertEquals("/a", first.header("Content-Location"));
        assertEquals("first\r\npart", new String(first.content().readAllBytes(), StandardCharsets.ISO_8859_1));
        MultipartReader.Part second = reader.next();
        assertTrue(second.headers().isEmpty());
        assertEquals("second", new String(second.content().readAllBytes(), StandardCharsets.ISO_8859_1));
        assertNull(reader.next());
    }

    @Test
    void skipsWhatACallerLeavesUnread() throws IOException {
        String body = "--b\r\n\r\nunread content\r\n--b\r\n\r\nsecond\r\n--b--";
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(bytes(body)), "b");
        reader.next();
        assertEquals("second", new String(reader.next().content().readAllBytes(), StandardCharsets.ISO_8859_1));
        assertNull(reader.next());
    }

    /**
     * Random binary parts, full of near-delimiters, through the writer and back through the reader
     * in chunks of every awkward size: byte for byte the same.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 73, 4096, 65536, 1 << 20})
    void binaryPartsSurviveARoundTripInAnyChunking(int chunk) throws IOException {
        Random random = new Random(chunk);
        String boundary = "atrium-boundary";
        List<byte[]> parts = new ArrayList<>();
        for (int size : new int[] {0, 1, 2, 100, 65535, 65536, 65537, 200_000}) {
            byte[] part = new byte[size];
            random.nextBytes(part);
            byte[] near = bytes("\r\n--atrium-boundar");
            for (int at = 0; at + near.length < size; at += 997) {
                System.arraycopy(near, 0, part, at, near.length);
                part[at + near.length] = 'x'; // a whole boundary inside a part would end it, by definition
            }
            parts.add(part);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        MultipartWriter writer = new MultipartWriter(body, boundary);
        for (byte[] part : parts) {
            writer.part("application/dicom", part.length, null).write(part);
        }
        writer.finish();
        List<byte[]> read = readAll(trickle(body.toByteArray(), chunk), boundary);
        assertEquals(parts.size(), read.size());
        for (int i = 0; i < parts.size(); i++) {
            assertArrayEquals(parts.get(i), read.get(i), "part " + i);
        }
    }

    @Test
    void writerSaysTypeAndBoundaryAndEachPartsHeaders() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        MultipartWriter writer = new MultipartWriter(body, "B");
        assertEquals(
                "multipart/related; type=\"application/dicom\"; boundary=B", writer.contentType("application/dicom"));
        writer.part("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", 3, "http://x/y")
                .write(bytes("abc"));
        writer.finish();
        assertEquals(
                "--B\r\nContent-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\n"
                        + "Content-Length: 3\r\nContent-Location: http://x/y\r\n\r\nabc\r\n--B--\r\n",
                body.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aBodyWithoutItsClosingBoundaryIsAnError() throws IOException {
        MultipartReader reader =
                new MultipartReader(new ByteArrayInputStream(bytes("--b\r\n\r\ntruncated content")), "b");
        MultipartReader.Part part = reader.next();
        IOException e = assertThrows(IOException.class, () -> part.content().readAllBytes());
        assertTrue(e.getMessage().contains("closing boundary"), e.getMessage());
    }

    @Test
    void malformedBodiesAreErrorsNotHangs() {
        for (String body : new String[] {
            "", "no boundary at all", "--b", "--bX\r\n\r\n", "--b\r\nno colon\r\n\r\nx\r\n--b--", "--b\r\nA: 1\r\n"
        }) {
            assertThrows(
                    IOException.class,
                    () -> readAll(new ByteArrayInputStream(bytes(body)), "b"),
                    "'" + body.replace("\r\n", "\\r\\n") + "'");
        }
        assertThrows(IllegalArgumentException.class, () -> new MultipartReader(InputStream.nullInputStream(), ""));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MultipartReader(InputStream.nullInputStream(), "x".repeat(257)));
    }

    /** Orthanc's boundaries are two UUIDs, longer than RFC 2046's 70 characters. */
    @Test
    void longBoundariesAsOrthancSendsThemAreRead() throws IOException {
        String boundary = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
        String body = "--" + boundary + "\r\n\r\npart\r\n--" + boundary + "--\r\n";
        List<byte[]> parts = readAll(new ByteArrayInputStream(bytes(body)), boundary);
        assertEquals("part", new String(parts.get(0), StandardCharsets.ISO_8859_1));
    }

    @Test
    void endlessHeadersAreRefused() {
        String body = "--b\r\n" + "X: y\r\n".repeat(10_000);
        IOException e = assertThrows(IOException.class, () -> readAll(new ByteArrayInputStream(bytes(body)), "b"));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }
}
