package org.atrium.dicom.internal.image;

/**
 * DICOM's scaled CIELab (PS3.3 C.10.7.1.1: each of L*, a*, b* scaled onto 0..65535) to sRGB,
 * through CIE XYZ with the D65 white point that sRGB itself uses.
 */
public final class CieLab {

    private static final double WHITE_X = 0.95047;
    private static final double WHITE_Y = 1.0;
    private static final double WHITE_Z = 1.08883;
    private static final double DELTA = 6.0 / 29;

    private CieLab() {}

    /** sRGB as {@code 0xRRGGBB} of a Recommended Display CIELab Value. */
    public static int scaledToSrgb(int scaledL, int scaledA, int scaledB) {
        double l = scaledL * 100.0 / 65535;
        double a = scaledA * 255.0 / 65535 - 128;
        double b = scaledB * 255.0 / 65535 - 128;
        return labToSrgb(l, a, b);
    }

    public static int labToSrgb(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double fx = fy + a / 500;
        double fz = fy - b / 200;
        double x = WHITE_X * inverse(fx);
        double y = WHITE_Y * inverse(fy);
        double z = WHITE_Z * inverse(fz);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return encode(r) << 16 | encode(g) << 8 | encode(bl);
    }

    /**
     * The Recommended Display CIELab Value (scaled L*, a*, b*) of an sRGB colour {@code
     * 0xRRGGBB}: the inverse of {@link #scaledToSrgb} up to rounding.
     */
    public static int[] srgbToScaled(int rgb) {
        double r = decode((rgb >> 16) & 0xFF);
        double g = decode((rgb >> 8) & 0xFF);
        double bl = decode(rgb & 0xFF);
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * bl) / WHITE_X;
        double y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * bl) / WHITE_Y;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * bl) / WHITE_Z;
        double fx = forward(x);
        double fy = forward(y);
        double fz = forward(z);
        double l = 116 * fy - 16;
        double a = 500 * (fx - fy);
        double b = 200 * (fy - fz);
        return new int[] {
            clamp(Math.round(l * 65535 / 100)),
            clamp(Math.round((a + 128) * 65535 / 255)),
            clamp(Math.round((b + 128) * 65535 / 255))
        };
    }

    private static int clamp(long scaled) {
        return (int) Math.max(0, Math.min(65535, scaled));
    }

    private static double decode(int encoded) {
        double c = encoded / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double forward(double t) {
        return t > DELTA * DELTA * DELTA ? Math.cbrt(t) : t / (3 * DELTA * DELTA) + 4.0 / 29;
    }

    private static double inverse(double t) {
        return t > DELTA ? t * t * t : 3 * DELTA * DELTA * (t - 4.0 / 29);
    }

    /** Linear light to the 8-bit sRGB transfer function, out-of-gamut values clipped. */
    private static int encode(double linear) {
        double clipped = Math.max(0, Math.min(1, linear));
        double encoded = clipped <= 0.0031308 ? 12.92 * clipped : 1.055 * Math.pow(clipped, 1 / 2.4) - 0.055;
        return (int) Math.round(encoded * 255);
    }
}
