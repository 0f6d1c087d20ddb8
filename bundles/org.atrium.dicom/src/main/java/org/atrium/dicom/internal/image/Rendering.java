package org.atrium.dicom.internal.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.atrium.dicom.image.Window;

/**
 * From stored values to display: the Modality LUT (rescale), the linear VOI window (PS3.3
 * C.11.2.1.2.1) and the Presentation LUT shape of MONOCHROME1, then scaling and PNG.
 */
public final class Rendering {

    /** Above this many distinct stored values a lookup table costs more than it saves. */
    private static final long MAX_TABLE = 1 << 20;

    private Rendering() {}

    /**
     * An 8-bit grey image of a monochrome frame.
     *
     * @param window the window asked for, else {@code fallback} (the object's own), else the
     *     frame's range of values, stored values within {@code padding} (Pixel Padding Value and
     *     Range Limit, or {@code null}) left out so that the background does not flatten it
     */
    public static BufferedImage monochrome(
            FrameSamples frame, Rescale rescale, Window window, Window fallback, int[] padding) {
        PixelFormat format = frame.format();
        int[] stored = frame.samples();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int value : stored) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        Window effective = window != null ? window : fallback;
        if (effective == null) {
            int low = min;
            int high = max;
            if (padding != null) {
                // Written as US or SS whatever the pixels are: read it as a stored value.
                int first = format.stored(padding[0]);
                int last = format.stored(padding[1]);
                int padLow = Math.min(first, last);
                int padHigh = Math.max(first, last);
                low = Integer.MAX_VALUE;
                high = Integer.MIN_VALUE;
                for (int value : stored) {
                    if (value < padLow || value > padHigh) {
                        low = Math.min(low, value);
                        high = Math.max(high, value);
                    }
                }
                if (low > high) {
                    low = min;
                    high = max;
                }
            }
            effective = fullRange(rescale.apply(format.valueOf(low)), rescale.apply(format.valueOf(high)));
        }
        boolean inverted = "MONOCHROME1".equals(format.photometricInterpretation());
        BufferedImage image = new BufferedImage(format.columns(), format.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        long range = (long) max - min + 1;
        if (range <= MAX_TABLE && !(!format.signed() && format.bitsStored() >= 32)) {
            byte[] table = new byte[(int) range];
            for (int i = 0; i < table.length; i++) {
                table[i] = (byte) grey(rescale.apply(min + i), effective, inverted);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = table[stored[i] - min];
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) grey(rescale.apply(format.valueOf(stored[i])), effective, inverted);
            }
        }
        return image;
    }

    /** The window that maps {@code a..b} (either order) onto black..white exactly. */
    static Window fullRange(double a, double b) {
        double low = Math.min(a, b);
        double high = Math.max(a, b);
        // The linear function's bounds are c - 0.5 ∓ (w - 1) / 2: low and high for these.
        return new Window((low + high) / 2 + 0.5, high - low + 1);
    }

    /** The linear VOI function onto 0..255 (its exact variant below width 1), inverted for MONOCHROME1. */
    public static int grey(double value, Window window, boolean inverted) {
        double center = window.center();
        double width = window.width();
        int grey;
        if (width >= 1) {
            double lower = center - 0.5 - (width - 1) / 2;
            double upper = center - 0.5 + (width - 1) / 2;
            if (value <= lower) {
                grey = 0;
            } else if (value > upper) {
                grey = 255;
            } else {
                grey = (int) Math.round(((value - (center - 0.5)) / (width - 1) + 0.5) * 255);
            }
        } else {
            double lower = center - width / 2;
            double upper = center + width / 2;
            if (value <= lower) {
                grey = 0;
            } else if (value > upper) {
                grey = 255;
            } else {
                grey = (int) Math.round(((value - center) / width + 0.5) * 255);
            }
        }
        grey = Math.max(0, Math.min(255, grey));
        return inverted ? 255 - grey : grey;
    }

    /** A colour frame (RGB, YBR_FULL, YBR_FULL_422) as sRGB, samples above 8 bits scaled down. */
    public static BufferedImage color(FrameSamples frame) throws IOException {
        PixelFormat format = frame.format();
        String photometric = format.photometricInterpretation();
        boolean ybr = photometric.equals("YBR_FULL") || photometric.equals("YBR_FULL_422");
        if (format.samplesPerPixel() != 3 || !(ybr || photometric.equals("RGB"))) {
            throw new IOException("cannot render photometric interpretation " + photometric + " with "
                    + format.samplesPerPixel() + " samples per pixel");
        }
        int shift = Math.max(0, format.bitsStored() - 8);
        int[] samples = frame.samples();
        BufferedImage image = new BufferedImage(format.columns(), format.rows(), BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < out.length; i++) {
            int a = samples[3 * i] >>> shift;
            int b = samples[3 * i + 1] >>> shift;
            int c = samples[3 * i + 2] >>> shift;
            if (ybr) {
                // PS3.3 C.7.6.3.1.2: full range YCbCr as JPEG/JFIF defines it.
                double cb = b - 128.0;
                double cr = c - 128.0;
                int r = clamp(a + 1.402 * cr);
                int g = clamp(a - 0.344136 * cb - 0.714136 * cr);
                int bl = clamp(a + 1.772 * cb);
                out[i] = r << 16 | g << 8 | bl;
            } else {
                out[i] = (a & 0xFF) << 16 | (b & 0xFF) << 8 | (c & 0xFF);
            }
        }
        return image;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    /** Modality values of a monochrome frame. */
    public static float[] modalityValues(FrameSamples frame, Rescale rescale) {
        PixelFormat format = frame.format();
        int[] stored = frame.samples();
        float[] values = new float[stored.length];
        for (int i = 0; i < stored.length; i++) {
            values[i] = (float) rescale.apply(format.valueOf(stored[i]));
        }
        return values;
    }

    /**
     * The image scaled down to fit {@code maxSize × maxSize} (aspect ratio kept), by repeated
     * halving and a last bilinear step so that thin structures do not alias away; {@code maxSize}
     * 0 or less, or an image that already fits: the image itself.
     */
    public static BufferedImage fit(BufferedImage image, int maxSize) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (maxSize <= 0 || (width <= maxSize && height <= maxSize)) {
            return image;
        }
        double scale = (double) maxSize / Math.max(width, height);
        int targetWidth = Math.max(1, (int) Math.round(width * scale));
        int targetHeight = Math.max(1, (int) Math.round(height * scale));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = resized(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != targetWidth || current.getHeight() != targetHeight) {
            current = resized(current, targetWidth, targetHeight);
        }
        return current;
    }

    private static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, image.getType());
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    /**
     * Writes PNG through an in-memory image stream: ImageIO's default would cache in a temporary
     * file, and its convenience method may close the caller's stream on some paths.
     */
    public static void writePng(BufferedImage image, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer available");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), null);
        } finally {
            writer.dispose();
        }
        out.flush();
    }
}
