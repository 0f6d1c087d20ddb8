package org.atrium.dicom.image;

/**
 * One item of a Segmentation's Segment Sequence.
 *
 * @param number Segment Number, from 1
 * @param label Segment Label, or {@code null}
 * @param algorithmType AUTOMATIC, SEMIAUTOMATIC or MANUAL, or {@code null}
 * @param algorithmName Segment Algorithm Name, or {@code null}
 * @param category Segmented Property Category, or {@code null}
 * @param type Segmented Property Type, or {@code null}
 * @param rgb display colour as sRGB {@code 0xRRGGBB}: the Recommended Display CIELab Value
 *     converted (D65 white), else a colour of a fixed palette chosen by the segment number
 * @param recommendedColor whether {@code rgb} came from the object, not from the palette
 */
public record Segment(
        int number,
        String label,
        String algorithmType,
        String algorithmName,
        Code category,
        Code type,
        int rgb,
        boolean recommendedColor) {}
