package org.atrium.dicom.image;

import java.util.BitSet;

/**
 * One frame of a Segmentation: which segment it belongs to, which source image it lies on, and
 * its mask. The mask is {@code rows × columns} bits, row by row: bit {@code row * columns +
 * column} is set where the segment is present (FRACTIONAL frames: where the fraction is at least
 * half of Maximum Fractional Value).
 *
 * @param frame index of the frame in the Segmentation, from 0 (DICOM frame number minus 1)
 * @param segmentNumber Referenced Segment Number of the frame's Segment Identification
 * @param sourceSopInstanceUid the Referenced SOP Instance UID of the frame's source image
 *     (Derivation Image > Source Image Sequence, per frame or shared), or {@code null}
 * @param sourceFrameNumber the Referenced Frame Number in a multi-frame source (from 1), or
 *     {@code null}
 * @param imagePositionPatient the frame's Plane Position, or {@code null}
 */
public record SegmentFrame(
        int frame,
        int segmentNumber,
        String sourceSopInstanceUid,
        Integer sourceFrameNumber,
        double[] imagePositionPatient,
        int rows,
        int columns,
        BitSet mask) {

    public SegmentFrame {
        imagePositionPatient = imagePositionPatient == null ? null : imagePositionPatient.clone();
        mask = (BitSet) mask.clone();
    }

    @Override
    public double[] imagePositionPatient() {
        return imagePositionPatient == null ? null : imagePositionPatient.clone();
    }

    /** A copy of the mask. */
    @Override
    public BitSet mask() {
        return (BitSet) mask.clone();
    }

    public boolean contains(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException(
                    "pixel (" + row + ", " + column + ") outside a " + rows + "x" + columns + " frame");
        }
        return mask.get(row * columns + column);
    }

    /** The mask as one boolean per pixel, row by row. */
    public boolean[] toBooleans() {
        boolean[] pixels = new boolean[rows * columns];
        for (int i = mask.nextSetBit(0); i >= 0 && i < pixels.length; i = mask.nextSetBit(i + 1)) {
            pixels[i] = true;
        }
        return pixels;
    }

    /** How many pixels the mask covers. */
    public int area() {
        return mask.cardinality();
    }

    /** Records compare arrays by identity; this compares the position by value. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SegmentFrame that
                && frame == that.frame
                && segmentNumber == that.segmentNumber
                && rows == that.rows
                && columns == that.columns
                && java.util.Objects.equals(sourceSopInstanceUid, that.sourceSopInstanceUid)
                && java.util.Objects.equals(sourceFrameNumber, that.sourceFrameNumber)
                && java.util.Arrays.equals(imagePositionPatient, that.imagePositionPatient)
                && mask.equals(that.mask);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                frame,
                segmentNumber,
                sourceSopInstanceUid,
                sourceFrameNumber,
                java.util.Arrays.hashCode(imagePositionPatient),
                rows,
                columns,
                mask);
    }
}
