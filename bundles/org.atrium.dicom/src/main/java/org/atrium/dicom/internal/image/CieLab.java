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
