package org.atrium.dicom.internal.image;

/** The Modality LUT as Rescale Slope and Intercept: modality value = stored × slope + intercept. */
public record Rescale(double slope, double intercept) {

    public static final Rescale IDENTITY = new Rescale(1, 0);

    public double apply(double stored) {
        return stored * slope + intercept;
    }
}
