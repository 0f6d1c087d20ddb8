package org.atrium.dicom.objects;

import java.util.Objects;
import org.atrium.dicom.image.Code;

/**
 * One segment of a Segmentation: what it is and how it was made.
 *
 * @param label Segment Label, e.g. {@code Lungs}
 * @param category Segmented Property Category, e.g. {@code (91723000, SCT, "Anatomical Structure")}
 * @param type Segmented Property Type, e.g. {@code (39607008, SCT, "Lung")}
 * @param algorithmType AUTOMATIC, SEMIAUTOMATIC or MANUAL
 * @param algorithmName Segment Algorithm Name; required unless MANUAL
 * @param rgb recommended display colour as sRGB {@code 0xRRGGBB}, written as CIELab
 */
public record SegmentDefinition(
        String label, Code category, Code type, String algorithmType, String algorithmName, int rgb) {

    public static final Code ANATOMICAL_STRUCTURE = new Code("91723000", "SCT", "Anatomical Structure");
    public static final Code TISSUE = new Code("85756007", "SCT", "Tissue");

    public SegmentDefinition {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
        algorithmType = algorithmType == null ? "AUTOMATIC" : algorithmType;
        if (!algorithmType.equals("AUTOMATIC")
                && !algorithmType.equals("SEMIAUTOMATIC")
                && !algorithmType.equals("MANUAL")) {
            throw new IllegalArgumentException(
                    "algorithm type must be AUTOMATIC, SEMIAUTOMATIC or MANUAL, not " + algorithmType);
        }
        if (!algorithmType.equals("MANUAL") && (algorithmName == null || algorithmName.isBlank())) {
            throw new IllegalArgumentException("an " + algorithmType + " segment needs an algorithm name");
        }
    }

    /** A segment an algorithm found. */
    public static SegmentDefinition automatic(String label, Code category, Code type, String algorithmName, int rgb) {
        return new SegmentDefinition(label, category, type, "AUTOMATIC", algorithmName, rgb);
    }
}
