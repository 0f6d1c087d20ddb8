package org.atrium.dicom.objects;

import java.util.Objects;
import org.atrium.dicom.image.Code;

/**
 * One numeric measurement of a measurement group: a NUM content item.
 *
 * @param concept what is measured, e.g. {@code (118565006, SCT, "Volume")}
 * @param derivation how it was derived from the region, e.g. {@code (373098007, SCT, "Mean")}, or
 *     {@code null}; written as a HAS CONCEPT MOD (121401, DCM, "Derivation")
 * @param value finite
 * @param unit a UCUM unit, e.g. {@link #HOUNSFIELD_UNIT}
 */
public record Measurement(Code concept, Code derivation, double value, Code unit) {

    public static final Code HOUNSFIELD_UNIT = new Code("[hnsf'U]", "UCUM", "Hounsfield unit");
    public static final Code CUBIC_MILLIMETER = new Code("mm3", "UCUM", "cubic millimeter");
    public static final Code SQUARE_MILLIMETER = new Code("mm2", "UCUM", "square millimeter");
    public static final Code MILLIMETER = new Code("mm", "UCUM", "millimeter");
    public static final Code VOXELS = new Code("{voxels}", "UCUM", "voxels");
    public static final Code NO_UNITS = new Code("1", "UCUM", "no units");

    public static final Code VOLUME = new Code("118565006", "SCT", "Volume");
    public static final Code ATTENUATION_COEFFICIENT = new Code("112031", "DCM", "Attenuation Coefficient");
    public static final Code MEAN = new Code("373098007", "SCT", "Mean");
    public static final Code STANDARD_DEVIATION = new Code("386136009", "SCT", "Standard Deviation");
    public static final Code MINIMUM = new Code("255605001", "SCT", "Minimum");
    public static final Code MAXIMUM = new Code("56851009", "SCT", "Maximum");

    public Measurement {
        Objects.requireNonNull(concept, "concept");
        Objects.requireNonNull(unit, "unit");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(concept.meaning() + " is not a finite number: " + value);
        }
    }

    public static Measurement of(Code concept, double value, Code unit) {
        return new Measurement(concept, null, value, unit);
    }
}
