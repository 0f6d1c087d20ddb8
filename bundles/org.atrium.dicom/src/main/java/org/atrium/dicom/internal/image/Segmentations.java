package org.atrium.dicom.internal.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.image.Segment;
import org.atrium.dicom.image.SegmentFrame;
import org.atrium.dicom.image.Segmentation;

/** Decodes a Segmentation (PS3.3 A.51, C.8.20) from its data set and native pixel data. */
public final class Segmentations {

    /**
     * Colours for segments without a recommended one, told apart easily (Tableau 10), chosen by
     * segment number so that a segment keeps its colour from one view to the next.
     */
    static final int[] PALETTE = {
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC
    };

    private Segmentations() {}

    /** Whether the data set is a Segmentation this decoder reads. */
    public static boolean isSegmentation(Attributes dataset) {
        return UID.SegmentationStorage.equals(dataset.getString(Tag.SOPClassUID));
    }

    /**
     * @param pixelData native pixel data bytes, little endian: BINARY 1 bit per pixel packed
     *     continuously across frames, least significant bit first; FRACTIONAL 1 byte per pixel
     * @throws IOException when the object is not a valid Segmentation (bit depth, segment
     *     identification, pixel data length)
     */
    public static Segmentation decode(Attributes dataset, byte[] pixelData, String where) throws IOException {
        String type = dataset.getString(ImageTags.SegmentationType);
        boolean binary = type == null || "BINARY".equalsIgnoreCase(type);
        boolean fractional = "FRACTIONAL".equalsIgnoreCase(type);
        if (!binary && !fractional) {
            throw new IOException("unsupported Segmentation Type " + type + ": " + where);
        }
        PixelFormat format = PixelFormat.of(dataset, where);
        int expectedBits = binary ? 1 : 8;
        if (format.bitsAllocated() != expectedBits) {
            throw new IOException(where + ": a " + (binary ? "BINARY" : "FRACTIONAL")
                    + " Segmentation must have Bits Allocated " + expectedBits + ", not " + format.bitsAllocated());
        }
        int rows = format.rows();
        int columns = format.columns();
        int frames = format.frames();
        long pixels = (long) rows * columns;
        long needed = binary ? (pixels * frames + 7) / 8 : pixels * frames;
        if (pixelData == null || pixelData.length < needed) {
            throw new IOException(where + ": pixel data of " + (pixelData == null ? 0 : pixelData.length)
                    + " bytes is too short for " + frames + " frames of " + rows + "x" + columns + " ("
                    + needed + " bytes)");
        }
        int maximum = binary ? 1 : Math.max(1, orDefault(dataset.getInt(ImageTags.MaximumFractionalValue), 255));

        List<Segment> segments = new ArrayList<>();
        for (Attributes item : dataset.getSequence(ImageTags.SegmentSequence)) {
            segments.add(segment(item));
        }
        List<Attributes> perFrame = dataset.getSequence(ImageTags.PerFrameFunctionalGroupsSequence);
        Attributes shared = ImageAttributes.first(dataset.getSequence(ImageTags.SharedFunctionalGroupsSequence));
        List<SegmentFrame> decoded = new ArrayList<>(frames);
        for (int frame = 0; frame < frames; frame++) {
            Attributes groups = frame < perFrame.size() ? perFrame.get(frame) : null;
            Integer segmentNumber = segmentNumber(groups, shared);
            if (segmentNumber == null) {
                throw new IOException(
                        where + ": frame " + frame + " has no Segment Identification (Referenced Segment Number)");
            }
            Attributes source = sourceImage(groups, shared);
            BitSet mask = binary
                    ? binaryMask(pixelData, frame * pixels, (int) pixels)
                    : fractionalMask(pixelData, frame * pixels, (int) pixels, maximum);
            decoded.add(new SegmentFrame(
                    frame,
                    segmentNumber,
                    source == null ? null : source.getString(ImageTags.ReferencedSOPInstanceUID),
                    source == null ? null : source.getInt(ImageTags.ReferencedFrameNumber),
                    ImageAttributes.numbers(
                            dataset, frame, ImageTags.PlanePositionSequence, ImageTags.ImagePositionPatient, 3),
                    rows,
                    columns,
                    mask));
        }
        Attributes referencedSeries = ImageAttributes.first(dataset.getSequence(ImageTags.ReferencedSeriesSequence));
        return new Segmentation(
                dataset.getString(Tag.SOPInstanceUID),
                dataset.getString(Tag.SeriesInstanceUID),
                referencedSeries == null ? null : referencedSeries.getString(Tag.SeriesInstanceUID),
                dataset.getString(ImageTags.FrameOfReferenceUID),
                binary ? "BINARY" : "FRACTIONAL",
                rows,
                columns,
                segments,
                decoded);
    }

    private static Segment segment(Attributes item) {
        int number = orDefault(item.getInt(ImageTags.SegmentNumber), 0);
        int[] lab = integers(item.getStrings(ImageTags.RecommendedDisplayCIELabValue));
        boolean recommended = lab != null && lab.length == 3;
        int rgb = recommended
                ? CieLab.scaledToSrgb(lab[0], lab[1], lab[2])
                : PALETTE[Math.floorMod(number - 1, PALETTE.length)];
        return new Segment(
                number,
                item.getString(ImageTags.SegmentLabel),
                item.getString(ImageTags.SegmentAlgorithmType),
                item.getString(ImageTags.SegmentAlgorithmName),
                code(ImageAttributes.first(item.getSequence(ImageTags.SegmentedPropertyCategoryCodeSequence))),
                code(ImageAttributes.first(item.getSequence(ImageTags.SegmentedPropertyTypeCodeSequence))),
                rgb,
                recommended);
    }

    /** The frame's Referenced Segment Number: per frame, else shared (a one-segment object may do that). */
    private static Integer segmentNumber(Attributes perFrame, Attributes shared) {
        for (Attributes groups : new Attributes[] {perFrame, shared}) {
            if (groups == null) {
                continue;
            }
            Attributes identification =
                    ImageAttributes.first(groups.getSequence(ImageTags.SegmentIdentificationSequence));
            if (identification != null && identification.getInt(ImageTags.ReferencedSegmentNumber) != null) {
                return identification.getInt(ImageTags.ReferencedSegmentNumber);
            }
        }
        return null;
    }

    /** The first Source Image Sequence item of the frame's Derivation Image, per frame else shared. */
    private static Attributes sourceImage(Attributes perFrame, Attributes shared) {
        for (Attributes groups : new Attributes[] {perFrame, shared}) {
            if (groups == null) {
                continue;
            }
            for (Attributes derivation : groups.getSequence(ImageTags.DerivationImageSequence)) {
                Attributes source = ImageAttributes.first(derivation.getSequence(ImageTags.SourceImageSequence));
                if (source != null && source.getString(ImageTags.ReferencedSOPInstanceUID) != null) {
                    return source;
                }
            }
        }
        return null;
    }

    static BitSet binaryMask(byte[] data, long firstBit, int count) {
        BitSet mask = new BitSet(count);
        for (int i = 0; i < count; i++) {
            long bit = firstBit + i;
            if ((data[(int) (bit >>> 3)] & (1 << (bit & 7))) != 0) {
                mask.set(i);
            }
        }
        return mask;
    }

    static BitSet fractionalMask(byte[] data, long first, int count, int maximum) {
        BitSet mask = new BitSet(count);
        for (int i = 0; i < count; i++) {
            int value = data[(int) (first + i)] & 0xFF;
            if (value > 0 && 2 * value >= maximum) {
                mask.set(i);
            }
        }
        return mask;
    }

    static Code code(Attributes item) {
        if (item == null) {
            return null;
        }
        String value = item.getString(ImageTags.CodeValue);
        if (value == null) {
            value = item.getString(ImageTags.LongCodeValue);
        }
        if (value == null) {
            value = item.getString(ImageTags.URNCodeValue);
        }
        return new Code(value, item.getString(ImageTags.CodingSchemeDesignator), item.getString(ImageTags.CodeMeaning));
    }

    private static int[] integers(String[] strings) {
        if (strings == null || strings.length == 0) {
            return null;
        }
        int[] values = new int[strings.length];
        for (int i = 0; i < strings.length; i++) {
            try {
                values[i] = Integer.parseInt(strings[i].trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return values;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
