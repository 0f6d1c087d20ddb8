package org.atrium.dicom.internal.image;

import java.util.List;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.image.ImageInfo;
import org.atrium.dicom.image.Window;

/**
 * Reads an image's display attributes from its data set. Attributes that enhanced multi-frame
 * objects keep in functional groups are looked up at the top level first, then in the frame's
 * Per-Frame Functional Groups item, then in the Shared Functional Groups.
 */
public final class ImageAttributes {

    private ImageAttributes() {}

    public static ImageInfo info(Attributes dataset, PixelFormat format, String transferSyntaxUid) {
        Rescale rescale = rescale(dataset, 0);
        return new ImageInfo(
                dataset.getString(Tag.SOPClassUID),
                dataset.getString(Tag.SOPInstanceUID),
                dataset.getString(Tag.SeriesInstanceUID),
                dataset.getString(Tag.Modality),
                transferSyntaxUid,
                dataset.getInt(Tag.InstanceNumber),
                format.rows(),
                format.columns(),
                format.frames(),
                format.samplesPerPixel(),
                format.photometricInterpretation(),
                format.bitsAllocated(),
                format.bitsStored(),
                format.signed(),
                rescale.slope(),
                rescale.intercept(),
                window(dataset, 0),
                numbers(dataset, 0, ImageTags.PlanePositionSequence, ImageTags.ImagePositionPatient, 3),
                numbers(dataset, 0, ImageTags.PlaneOrientationSequence, ImageTags.ImageOrientationPatient, 6),
                numbers(dataset, 0, ImageTags.PixelMeasuresSequence, ImageTags.PixelSpacing, 2),
                dataset.getDouble(ImageTags.SliceLocation));
    }

    /** The frame's Rescale Slope and Intercept; identity when absent. */
    public static Rescale rescale(Attributes dataset, int frame) {
        Attributes source = holder(dataset, frame, ImageTags.PixelValueTransformationSequence, ImageTags.RescaleSlope);
        if (source == null) {
            source = holder(dataset, frame, ImageTags.PixelValueTransformationSequence, ImageTags.RescaleIntercept);
        }
        if (source == null) {
            return Rescale.IDENTITY;
        }
        Double slope = source.getDouble(ImageTags.RescaleSlope);
        Double intercept = source.getDouble(ImageTags.RescaleIntercept);
        boolean usableSlope = slope != null && Double.isFinite(slope) && slope != 0;
        return new Rescale(usableSlope ? slope : 1, intercept != null && Double.isFinite(intercept) ? intercept : 0);
    }

    /** The frame's first Window Center/Width pair, or {@code null} when absent or unusable. */
    public static Window window(Attributes dataset, int frame) {
        Attributes source = holder(dataset, frame, ImageTags.FrameVOILUTSequence, ImageTags.WindowCenter);
        if (source == null) {
            return null;
        }
        double[] centers = parse(source.getStrings(ImageTags.WindowCenter));
        double[] widths = parse(source.getStrings(ImageTags.WindowWidth));
        if (centers == null || widths == null || !(widths[0] > 0) || !Double.isFinite(centers[0])) {
            return null;
        }
        return new Window(centers[0], widths[0]);
    }

    /**
     * The stored values that are padding, not image (Pixel Padding Value, up to Pixel Padding
     * Range Limit when present), as {low, high}; {@code null} when there are none.
     */
    public static int[] padding(Attributes dataset) {
        Integer value = dataset.getInt(ImageTags.PixelPaddingValue);
        if (value == null) {
            return null;
        }
        Integer limit = dataset.getInt(ImageTags.PixelPaddingRangeLimit);
        int other = limit == null ? value : limit;
        return new int[] {Math.min(value, other), Math.max(value, other)};
    }

    /** The values of a numeric attribute of a frame, or {@code null} unless there are {@code count} of them. */
    public static double[] numbers(Attributes dataset, int frame, int macroSequence, int tag, int count) {
        Attributes source = holder(dataset, frame, macroSequence, tag);
        if (source == null) {
            return null;
        }
        double[] values = parse(source.getStrings(tag));
        return values != null && values.length == count ? values : null;
    }

    /**
     * The data set or functional group macro item that holds {@code tag} for a frame: the top
     * level, the frame's Per-Frame Functional Groups item, the Shared Functional Groups; or {@code
     * null}.
     */
    public static Attributes holder(Attributes dataset, int frame, int macroSequence, int tag) {
        if (dataset.contains(tag)) {
            return dataset;
        }
        List<Attributes> perFrame = dataset.getSequence(ImageTags.PerFrameFunctionalGroupsSequence);
        if (frame < perFrame.size()) {
            Attributes macro = first(perFrame.get(frame).getSequence(macroSequence));
            if (macro != null && macro.contains(tag)) {
                return macro;
            }
        }
        Attributes shared = first(dataset.getSequence(ImageTags.SharedFunctionalGroupsSequence));
        if (shared != null) {
            Attributes macro = first(shared.getSequence(macroSequence));
            if (macro != null && macro.contains(tag)) {
                return macro;
            }
        }
        return null;
    }

    static Attributes first(List<Attributes> items) {
        return items.isEmpty() ? null : items.get(0);
    }

    /** Decimal strings as numbers; {@code null} when there are none or one is not a number. */
    static double[] parse(String[] strings) {
        if (strings == null || strings.length == 0) {
            return null;
        }
        double[] values = new double[strings.length];
        for (int i = 0; i < strings.length; i++) {
            try {
                values[i] = Double.parseDouble(strings[i].trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return values;
    }
}
