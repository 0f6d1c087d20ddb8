package org.atrium.dicom.internal.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;

/**
 * The Image Pixel module of an object: how its frames' stored values are laid out. {@code
 * photometricInterpretation} is upper case, e.g. MONOCHROME2, RGB, YBR_FULL_422.
 */
public record PixelFormat(
        int rows,
        int columns,
        int frames,
        int samplesPerPixel,
        String photometricInterpretation,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        boolean signed,
        int planarConfiguration) {

    /**
     * The pixel format of a data set; {@link IllegalArgumentException} when it has no usable one
     * (no Rows or Columns, a bit depth other than 1, 8, 16 or 32).
     */
    public static PixelFormat of(Attributes dataset, String where) {
        Integer rows = dataset.getInt(Tag.Rows);
        Integer columns = dataset.getInt(Tag.Columns);
        Integer bitsAllocated = dataset.getInt(ImageTags.BitsAllocated);
        if (rows == null || columns == null || rows <= 0 || columns <= 0 || bitsAllocated == null) {
            throw new IllegalArgumentException("not an image: " + where + " (no Rows, Columns or Bits Allocated)");
        }
        if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new IllegalArgumentException("unsupported Bits Allocated " + bitsAllocated + ": " + where);
        }
        int samples = orDefault(dataset.getInt(ImageTags.SamplesPerPixel), 1);
        String photometric = dataset.getString(ImageTags.PhotometricInterpretation);
        if (photometric == null) {
            photometric = samples == 1 ? "MONOCHROME2" : "RGB";
        }
        int bitsStored = orDefault(dataset.getInt(ImageTags.BitsStored), bitsAllocated);
        bitsStored = Math.max(1, Math.min(bitsStored, bitsAllocated));
        int highBit = orDefault(dataset.getInt(ImageTags.HighBit), bitsStored - 1);
        if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            highBit = bitsStored - 1;
        }
        int frames = Math.max(1, orDefault(dataset.getInt(ImageTags.NumberOfFrames), 1));
        return new PixelFormat(
                rows,
                columns,
                frames,
                samples,
                photometric.trim().toUpperCase(java.util.Locale.ROOT),
                bitsAllocated,
                bitsStored,
                highBit,
                orDefault(dataset.getInt(ImageTags.PixelRepresentation), 0) == 1,
                orDefault(dataset.getInt(ImageTags.PlanarConfiguration), 0));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    public int pixels() {
        return rows * columns;
    }

    public boolean isMonochrome() {
        return photometricInterpretation.startsWith("MONOCHROME");
    }

    /** YBR_FULL_422 native data: two luminance samples share one Cb and one Cr. */
    boolean isSubsampled() {
        return "YBR_FULL_422".equals(photometricInterpretation) && samplesPerPixel == 3;
    }

    /** The size of one frame of native (uncompressed) pixel data in bytes. */
    public long frameLength() {
        long samples = isSubsampled() ? 2L * pixels() : (long) pixels() * samplesPerPixel;
        return samples * bitsAllocated / 8;
    }

    /** The same format with another photometric interpretation, as a codec delivers it. */
    public PixelFormat withPhotometricInterpretation(String photometric) {
        return new PixelFormat(
                rows, columns, frames, samplesPerPixel, photometric, bitsAllocated, bitsStored, highBit, signed, 0);
    }

    /**
     * The stored values of one native frame: samples interleaved pixel by pixel (planar data and
     * 4:2:2 subsampled data rearranged), shifted below High Bit, masked to Bits Stored and sign
     * extended when signed.
     */
    public int[] unpack(ByteBuffer frame) {
        ByteBuffer in = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int count = isSubsampled() ? 2 * pixels() : pixels() * samplesPerPixel;
        int[] raw = new int[count];
        switch (bitsAllocated) {
            case 8 -> {
                for (int i = 0; i < count; i++) {
                    raw[i] = in.get() & 0xFF;
                }
            }
            case 16 -> {
                java.nio.ShortBuffer shorts = in.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    raw[i] = shorts.get(i) & 0xFFFF;
                }
            }
            case 32 -> in.asIntBuffer().get(raw);
            default -> throw new IllegalStateException("Bits Allocated " + bitsAllocated);
        }
        int shift = highBit + 1 - bitsStored;
        for (int i = 0; i < count; i++) {
            raw[i] = stored(raw[i] >>> shift);
        }
        if (isSubsampled()) {
            return expand422(raw);
        }
        if (samplesPerPixel > 1 && planarConfiguration == 1) {
            return interleave(raw);
        }
        return raw;
    }

    /** A decoded sample masked to Bits Stored and sign extended when signed. */
    public int stored(int value) {
        if (bitsStored >= 32) {
            return value;
        }
        int masked = value & ((1 << bitsStored) - 1);
        if (signed && (masked & (1 << (bitsStored - 1))) != 0) {
            return masked | -(1 << bitsStored);
        }
        return masked;
    }

    /** A stored value as a number: 32-bit unsigned values above 2^31 are not negative. */
    public double valueOf(int stored) {
        return !signed && bitsStored >= 32 ? stored & 0xFFFFFFFFL : stored;
    }

    private int[] interleave(int[] planes) {
        int pixels = pixels();
        int[] interleaved = new int[planes.length];
        for (int sample = 0; sample < samplesPerPixel; sample++) {
            for (int i = 0; i < pixels; i++) {
                interleaved[i * samplesPerPixel + sample] = planes[sample * pixels + i];
            }
        }
        return interleaved;
    }

    /** Y1 Y2 Cb Cr → Y1 Cb Cr Y2 Cb Cr (PS3.3 C.7.6.3.1.2). */
    private int[] expand422(int[] subsampled) {
        int pixels = pixels();
        int[] full = new int[pixels * 3];
        for (int pair = 0; pair < pixels / 2; pair++) {
            int at = pair * 4;
            int cb = subsampled[at + 2];
            int cr = subsampled[at + 3];
            int out = pair * 6;
            full[out] = subsampled[at];
            full[out + 1] = cb;
            full[out + 2] = cr;
            full[out + 3] = subsampled[at + 1];
            full[out + 4] = cb;
            full[out + 5] = cr;
        }
        return full;
    }
}
