package org.atrium.dicom.image;

import java.util.List;

/**
 * A decoded DICOM Segmentation (SOP class 1.2.840.10008.5.1.4.1.1.66.4).
 *
 * @param referencedSeriesInstanceUid the Series Instance UID of the first Referenced Series
 *     Sequence item: the series the segments were drawn on, or {@code null}
 * @param segmentationType BINARY or FRACTIONAL
 * @param segments in the order of the Segment Sequence
 * @param frames every frame, in frame order
 */
public record Segmentation(
        String sopInstanceUid,
        String seriesInstanceUid,
        String referencedSeriesInstanceUid,
        String frameOfReferenceUid,
        String segmentationType,
        int rows,
        int columns,
        List<Segment> segments,
        List<SegmentFrame> frames) {

    public Segmentation {
        segments = List.copyOf(segments);
        frames = List.copyOf(frames);
    }

    /** The segment with this number, or {@code null}. */
    public Segment segment(int number) {
        for (Segment segment : segments) {
            if (segment.number() == number) {
                return segment;
            }
        }
        return null;
    }

    /** The frames drawn on one source image (all its segments), in frame order. */
    public List<SegmentFrame> framesOf(String sourceSopInstanceUid) {
        return frames.stream()
                .filter(f -> sourceSopInstanceUid.equals(f.sourceSopInstanceUid()))
                .toList();
    }

    /** The frames of one segment, in frame order. */
    public List<SegmentFrame> framesOf(int segmentNumber) {
        return frames.stream().filter(f -> f.segmentNumber() == segmentNumber).toList();
    }
}
