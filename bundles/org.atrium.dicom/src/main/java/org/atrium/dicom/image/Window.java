package org.atrium.dicom.image;

/**
 * A VOI window in modality units (after Rescale Slope and Intercept), as Window Center (0028,1050)
 * and Window Width (0028,1051) define it. Rendering uses the linear function of PS3.3
 * C.11.2.1.2.1, and its exact variant for widths below 1, which the linear one does not allow.
 */
public record Window(double center, double width) {

    public Window {
        if (!Double.isFinite(center) || !Double.isFinite(width) || width <= 0) {
            throw new IllegalArgumentException(
                    "a window needs a finite center and a width above 0, not " + center + "/" + width);
        }
    }
}
