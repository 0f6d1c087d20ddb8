package org.atrium.samples.support;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atrium.dicom.image.Segment;
import org.atrium.dicom.image.SegmentFrame;
import org.atrium.dicom.image.Segmentation;

/** A Segmentation's segments as masks over a {@link Volume}: bit {@code (z * rows + y) * columns + x}. */
public final class SegmentMasks {

    private SegmentMasks() {}

    /**
     * One mask per segment number, in the order of the Segment Sequence.
     *
     * @throws IllegalArgumentException when a frame lies on an image that is not in the volume
     */
    public static Map<Segment, BitSet> of(Segmentation segmentation, Volume volume) {
        if (segmentation.rows() != volume.rows() || segmentation.columns() != volume.columns()) {
            throw new IllegalArgumentException("the segmentation is " + segmentation.rows() + "x"
                    + segmentation.columns() + ", the series " + volume.rows() + "x" + volume.columns());
        }
        Map<Segment, BitSet> masks = new LinkedHashMap<>();
        Map<Integer, BitSet> byNumber = new LinkedHashMap<>();
        for (Segment segment : segmentation.segments()) {
            BitSet mask = new BitSet(volume.size());
            masks.put(segment, mask);
            byNumber.put(segment.number(), mask);
        }
        int sliceSize = volume.sliceSize();
        for (SegmentFrame frame : segmentation.frames()) {
            int z = frame.sourceSopInstanceUid() == null ? -1 : volume.sliceOf(frame.sourceSopInstanceUid());
            if (z < 0) {
                throw new IllegalArgumentException("frame " + frame.frame() + " lies on " + frame.sourceSopInstanceUid()
                        + ", which is not in the series");
            }
            BitSet target = byNumber.get(frame.segmentNumber());
            if (target == null) {
                continue;
            }
            BitSet mask = frame.mask();
            int base = z * sliceSize;
            for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
                target.set(base + i);
            }
        }
        return masks;
    }
}
