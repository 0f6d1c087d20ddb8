package org.atrium.dicom.image;

/**
 * What a viewer needs to know about an image object before showing it. Per-frame values of
 * enhanced multi-frame objects (position, orientation, spacing, rescale, window) are those of the
 * first frame; single-frame objects have them at the top level.
 *
 * @param frames Number of Frames, 1 when absent
 * @param signed Pixel Representation 1 (two's complement stored values)
 * @param rescaleSlope 1 when absent
 * @param rescaleIntercept 0 when absent
 * @param defaultWindow the first Window Center/Width pair, or {@code null}
 * @param instanceNumber {@code null} when absent
 * @param imagePositionPatient x, y, z in mm, or {@code null}
 * @param imageOrientationPatient row then column direction cosines, or {@code null}
 * @param pixelSpacing row spacing then column spacing in mm, or {@code null}
 * @param sliceLocation {@code null} when absent
 */
public record ImageInfo(
        String sopClassUid,
        String sopInstanceUid,
        String seriesInstanceUid,
        String modality,
        String transferSyntaxUid,
        Integer instanceNumber,
        int rows,
        int columns,
        int frames,
        int samplesPerPixel,
        String photometricInterpretation,
        int bitsAllocated,
        int bitsStored,
        boolean signed,
        double rescaleSlope,
        double rescaleIntercept,
        Window defaultWindow,
        double[] imagePositionPatient,
        double[] imageOrientationPatient,
        double[] pixelSpacing,
        Double sliceLocation) {

    public ImageInfo {
        imagePositionPatient = copy(imagePositionPatient);
        imageOrientationPatient = copy(imageOrientationPatient);
        pixelSpacing = copy(pixelSpacing);
    }

    @Override
    public double[] imagePositionPatient() {
        return copy(imagePositionPatient);
    }

    @Override
    public double[] imageOrientationPatient() {
        return copy(imageOrientationPatient);
    }

    @Override
    public double[] pixelSpacing() {
        return copy(pixelSpacing);
    }

    /** MONOCHROME1 or MONOCHROME2: one sample per pixel, rendered in grey. */
    public boolean isMonochrome() {
        return photometricInterpretation != null && photometricInterpretation.startsWith("MONOCHROME");
    }

    /** Records compare arrays by identity; these compare by value. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ImageInfo info && java.util.Arrays.equals(components(), info.components());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(components());
    }

    private Object[] components() {
        return new Object[] {
            sopClassUid,
            sopInstanceUid,
            seriesInstanceUid,
            modality,
            transferSyntaxUid,
            instanceNumber,
            rows,
            columns,
            frames,
            samplesPerPixel,
            photometricInterpretation,
            bitsAllocated,
            bitsStored,
            signed,
            rescaleSlope,
            rescaleIntercept,
            defaultWindow,
            java.util.Arrays.toString(imagePositionPatient),
            java.util.Arrays.toString(imageOrientationPatient),
            java.util.Arrays.toString(pixelSpacing),
            sliceLocation
        };
    }

    private static double[] copy(double[] values) {
        return values == null ? null : values.clone();
    }
}
