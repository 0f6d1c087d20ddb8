package org.atrium.dicom.internal.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per
 * byte plane (most significant byte of each sample first, sample by sample).
 */
public final class Rle {

    private Rle() {}

    /** One frame decoded into native layout: little endian, samples interleaved. */
    public static ByteBuffer decode(byte[] frame, PixelFormat format) throws IOException {
        if (frame.length < 64) {
            throw new IOException("RLE frame of " + frame.length + " bytes has no header");
        }
        ByteBuffer header = ByteBuffer.wrap(frame, 0, 64).order(ByteOrder.LITTLE_ENDIAN);
        int segments = header.getInt();
        int bytesPerSample = format.bitsAllocated() / 8;
        int expected = format.samplesPerPixel() * bytesPerSample;
        if (bytesPerSample == 0 || segments != expected || segments > 15) {
            throw new IOException("RLE frame has " + segments + " segments, " + expected + " expected for "
                    + format.samplesPerPixel() + " samples of " + format.bitsAllocated() + " bits");
        }
        long[] offsets = new long[segments + 1];
        for (int i = 0; i < segments; i++) {
            offsets[i] = header.getInt() & 0xFFFFFFFFL;
        }
        offsets[segments] = frame.length;
        int pixels = format.pixels();
        byte[] out = new byte[pixels * expected];
        for (int segment = 0; segment < segments; segment++) {
            int sample = segment / bytesPerSample;
            // Segments go from the most significant byte; little endian puts it last.
            int byteInSample = bytesPerSample - 1 - segment % bytesPerSample;
            if (offsets[segment] < 64 || offsets[segment] > offsets[segment + 1]) {
                throw new IOException("RLE segment " + segment + " has a bad offset " + offsets[segment]);
            }
            unpackBits(
                    frame,
                    (int) offsets[segment],
                    (int) offsets[segment + 1],
                    out,
                    sample * bytesPerSample + byteInSample,
                    expected,
                    pixels);
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void unpackBits(byte[] in, int from, int to, byte[] out, int start, int stride, int count)
            throws IOException {
        int produced = 0;
        int at = from;
        while (produced < count && at < to) {
            int n = in[at++];
            if (n >= 0) {
                int literal = Math.min(n + 1, count - produced);
                if (at + literal > to) {
                    throw new IOException("RLE segment ends inside a literal run");
                }
                for (int i = 0; i < literal; i++) {
                    out[start + (produced++) * stride] = in[at + i];
                }
                at += n + 1;
            } else if (n != -128) {
                if (at >= to) {
                    throw new IOException("RLE segment ends inside a replicate run");
                }
                byte value = in[at++];
                int repeat = Math.min(1 - n, count - produced);
                for (int i = 0; i < repeat; i++) {
                    out[start + (produced++) * stride] = value;
                }
            }
        }
        if (produced < count) {
            throw new IOException("RLE segment decodes to " + produced + " bytes, " + count + " expected");
        }
    }
}
