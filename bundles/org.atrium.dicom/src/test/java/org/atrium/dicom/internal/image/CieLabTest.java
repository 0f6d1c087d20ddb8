package org.atrium.dicom.internal.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reference values: sRGB primaries and greys in CIELab (D65), as colour science tables give them. */
class CieLabTest {

    static int scaledL(double l) {
        return (int) Math.round(l * 65535 / 100);
    }

    static int scaledAb(double ab) {
        return (int) Math.round((ab + 128) * 65535 / 255);
    }

    static int srgb(double l, double a, double b) {
        return CieLab.scaledToSrgb(scaledL(l), scaledAb(a), scaledAb(b));
    }

    static void assertNear(int expected, int actual) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int difference = Math.abs((expected >>> shift & 0xFF) - (actual >>> shift & 0xFF));
            assertTrue(difference <= 1, String.format("#%06X, not #%06X", actual, expected));
        }
    }

    @Test
    void primariesAndGreys() {
        assertNear(0xFF0000, srgb(53.2408, 80.0925, 67.2032));
        assertNear(0x00FF00, srgb(87.7347, -86.1827, 83.1793));
        assertNear(0x0000FF, srgb(32.2970, 79.1875, -107.8602));
        assertNear(0xFFFFFF, srgb(100, 0, 0));
        assertNear(0x777777, srgb(50, 0, 0));
        assertEquals(0x000000, srgb(0, 0, 0));
    }

    @Test
    void outOfGamutIsClipped() {
        int color = srgb(100, 127, 127);
        assertEquals(0xFF, color >>> 16 & 0xFF);
    }
}
