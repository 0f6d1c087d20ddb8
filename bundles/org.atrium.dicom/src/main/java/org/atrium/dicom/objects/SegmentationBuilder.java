package org.atrium.dicom.objects;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.internal.image.CieLab;

/**
 * Builds a binary Segmentation (PS3.3 A.51) over single-frame source images that share one
 * geometry (rows, columns, orientation, pixel spacing, Frame of Reference), such as the slices of
 * a CT series.
 *
 * <p>The result is in the source study and Frame of Reference, in a new series; it references the
 * source series (Referenced Series Sequence) and, per frame, its source image (Derivation Image).
 * Only frames with at least one pixel set are written, ordered by segment and then by position
 * along the slice normal; the Dimension Index has two dimensions, Referenced Segment Number and
 * Image Position (Patient). Pixel data is one bit per pixel, packed continuously across frames,
 * least significant bit first.
 *
 * <pre>{@code
 * SegmentationBuilder seg = new SegmentationBuilder(files, ctSlices).contributor(contributor);
 * int lungs = seg.addSegment(SegmentDefinition.automatic("Lungs", ANATOMICAL_STRUCTURE, LUNG, "HU threshold", 0x3399FF));
 * seg.setMask(lungs, slice, mask);
 * seg.write(workDir.resolve("seg.dcm"));
 * }</pre>
 *
 * Not thread-safe.
 */
public final class SegmentationBuilder {

    static final Code SEGMENTATION_DERIVATION = new Code("113076", "DCM", "Segmentation");
    static final Code SOURCE_IMAGE_PURPOSE = new Code("121322", "DCM", "Source image for image processing operation");
    private static final double SAME_POSITION_MM = 1e-3;

    private final DicomFiles files;
    private final List<Attributes> sources;
    private final int rows;
    private final int columns;
    private final List<SegmentDefinition> segments = new ArrayList<>();
    private final List<BitSet[]> masks = new ArrayList<>();
    private final String seriesInstanceUid = DicomUids.create();
    private final String sopInstanceUid = DicomUids.create();
    private Contributor contributor = new Contributor("Atrium", "org.atrium.dicom.objects", "1.0.0", null, null);
    private String seriesDescription = "Segmentation";
    private int seriesNumber = 300;
    private String contentLabel = "SEGMENTATION";
    private String contentDescription;
    private LocalDateTime contentDateTime;

    /** Over the source images' Part 10 files, read up to their pixel data. */
    public SegmentationBuilder(DicomFiles files, List<Path> sourceImages) throws IOException {
        this(readHeaders(files, sourceImages), files);
    }

    private SegmentationBuilder(List<Attributes> headers, DicomFiles files) {
        this.files = Objects.requireNonNull(files, "files");
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("a Segmentation needs at least one source image");
        }
        this.sources = List.copyOf(headers);
        Attributes first = sources.get(0);
        rows = requireInt(first, Tags.Rows, "Rows");
        columns = requireInt(first, Tags.Columns, "Columns");
        String study = first.getString(Tags.StudyInstanceUID);
        String frameOfReference = first.getString(Tags.FrameOfReferenceUID);
        for (Attributes source : sources) {
            String uid = source.getString(Tags.SOPInstanceUID);
            if (requireInt(source, Tags.Rows, "Rows") != rows
                    || requireInt(source, Tags.Columns, "Columns") != columns) {
                throw new IllegalArgumentException("source " + uid + " is not " + rows + "x" + columns);
            }
            Integer frames = source.getInt(Tags.NumberOfFrames);
            if (frames != null && frames > 1) {
                throw new IllegalArgumentException(
                        "source " + uid + " is multi-frame; only single-frame sources are supported");
            }
            if (!Objects.equals(study, source.getString(Tags.StudyInstanceUID))) {
                throw new IllegalArgumentException("source " + uid + " is in another study");
            }
            if (!Objects.equals(frameOfReference, source.getString(Tags.FrameOfReferenceUID))) {
                throw new IllegalArgumentException("source " + uid + " has another Frame of Reference");
            }
            numbers(source, Tags.ImagePositionPatient, 3, "Image Position (Patient)");
            numbers(source, Tags.ImageOrientationPatient, 6, "Image Orientation (Patient)");
            numbers(source, Tags.PixelSpacing, 2, "Pixel Spacing");
        }
        if (frameOfReference == null) {
            throw new IllegalArgumentException("the source images have no Frame of Reference UID");
        }
    }

    /** Over source headers already read (through {@link DicomFiles#readHeader}). */
    public static SegmentationBuilder ofHeaders(DicomFiles files, List<Attributes> sourceHeaders) {
        return new SegmentationBuilder(sourceHeaders, files);
    }

    private static List<Attributes> readHeaders(DicomFiles files, List<Path> paths) throws IOException {
        List<Attributes> headers = new ArrayList<>(paths.size());
        for (Path path : paths) {
            headers.add(files.readHeader(path));
        }
        return headers;
    }

    public SegmentationBuilder contributor(Contributor contributor) {
        this.contributor = Objects.requireNonNull(contributor, "contributor");
        return this;
    }

    public SegmentationBuilder seriesDescription(String description) {
        this.seriesDescription = description;
        return this;
    }

    public SegmentationBuilder seriesNumber(int number) {
        this.seriesNumber = number;
        return this;
    }

    /** Content Label (a CS: upper case, digits, underscore, space; at most 16 characters). */
    public SegmentationBuilder contentLabel(String label) {
        if (!label.matches("[A-Z0-9_ ]{1,16}")) {
            throw new IllegalArgumentException("a Content Label is 1 to 16 of A-Z, 0-9, _ and space: " + label);
        }
        this.contentLabel = label;
        return this;
    }

    public SegmentationBuilder contentDescription(String description) {
        this.contentDescription = description;
        return this;
    }

    /** When the content was made (Content Date and Time, series and contribution date); default now. */
    public SegmentationBuilder contentDateTime(LocalDateTime when) {
        this.contentDateTime = when;
        return this;
    }

    /** Adds a segment and returns its Segment Number (1, 2, ...). */
    public int addSegment(SegmentDefinition segment) {
        segments.add(Objects.requireNonNull(segment, "segment"));
        masks.add(new BitSet[sources.size()]);
        return segments.size();
    }

    /**
     * Sets a segment's mask on one source image.
     *
     * @param sourceIndex index of the source in the list given to the constructor
     * @param mask {@code rows × columns} bits, row by row (bits past the end are an error)
     */
    public SegmentationBuilder setMask(int segmentNumber, int sourceIndex, BitSet mask) {
        BitSet[] perSource = segmentMasks(segmentNumber);
        Objects.checkIndex(sourceIndex, sources.size());
        if (mask.length() > rows * columns) {
            throw new IllegalArgumentException("mask has bits beyond " + rows + "x" + columns);
        }
        perSource[sourceIndex] = mask.isEmpty() ? null : (BitSet) mask.clone();
        return this;
    }

    /** {@link #setMask(int, int, BitSet)} from one boolean per pixel, row by row. */
    public SegmentationBuilder setMask(int segmentNumber, int sourceIndex, boolean[] mask) {
        if (mask.length != rows * columns) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, not " + rows * columns);
        }
        BitSet bits = new BitSet(mask.length);
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                bits.set(i);
            }
        }
        return setMask(segmentNumber, sourceIndex, bits);
    }

    private BitSet[] segmentMasks(int segmentNumber) {
        if (segmentNumber < 1 || segmentNumber > segments.size()) {
            throw new IllegalArgumentException("no segment " + segmentNumber + "; add it first");
        }
        return masks.get(segmentNumber - 1);
    }

    public String seriesInstanceUid() {
        return seriesInstanceUid;
    }

    public String sopInstanceUid() {
        return sopInstanceUid;
    }

    /** How many frames the object will have: one per segment and source with any pixel set. */
    public int frameCount() {
        int count = 0;
        for (BitSet[] perSource : masks) {
            for (BitSet mask : perSource) {
                if (mask != null) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The Segmentation data set, pixel data included.
     *
     * @throws IllegalStateException when there is no segment, or no segment has any pixel set
     */
    public Attributes build() {
        if (segments.isEmpty()) {
            throw new IllegalStateException("a Segmentation needs at least one segment");
        }
        int frames = frameCount();
        if (frames == 0) {
            throw new IllegalStateException("no segment has any pixel set: there is nothing to write");
        }
        LocalDateTime when = contentDateTime == null ? LocalDateTime.now() : contentDateTime;
        Attributes first = sources.get(0);
        Attributes seg = files.newAttributes();
        Modules.patientAndStudy(first, seg);
        Modules.series(seg, "SEG", seriesInstanceUid, seriesNumber, seriesDescription, when);
        Modules.sopCommon(seg, UID.SegmentationStorage, sopInstanceUid, when);
        seg.setString(Tags.FrameOfReferenceUID, first.getString(Tags.FrameOfReferenceUID));
        Modules.copyIfPresent(first, seg, Tags.PositionReferenceIndicator);
        if (!seg.contains(Tags.PositionReferenceIndicator)) {
            seg.setString(Tags.PositionReferenceIndicator);
        }
        Modules.equipment(seg, contributor, when);
        seg.setString(Tags.DeviceSerialNumber, deviceSerialNumber());

        seg.setString(Tags.ImageType, "DERIVED", "PRIMARY");
        seg.setInt(Tags.InstanceNumber, 1);
        seg.setString(Tags.ContentLabel, contentLabel);
        if (contentDescription != null) {
            seg.setString(Tags.ContentDescription, Modules.truncate(contentDescription, 64));
        } else {
            seg.setString(Tags.ContentDescription);
        }
        seg.setString(Tags.ContentCreatorName);
        seg.setInt(Tags.SamplesPerPixel, 1);
        seg.setString(Tags.PhotometricInterpretation, "MONOCHROME2");
        seg.setInt(Tags.Rows, rows);
        seg.setInt(Tags.Columns, columns);
        seg.setInt(Tags.BitsAllocated, 1);
        seg.setInt(Tags.BitsStored, 1);
        seg.setInt(Tags.HighBit, 0);
        seg.setInt(Tags.PixelRepresentation, 0);
        seg.setString(Tags.LossyImageCompression, "00");
        seg.setString(Tags.SegmentationType, "BINARY");
        seg.setInt(Tags.NumberOfFrames, frames);
        for (int i = 0; i < segments.size(); i++) {
            segmentItem(seg.addSequenceItem(Tags.SegmentSequence), i + 1, segments.get(i));
        }

        String dimensionOrganization = DicomUids.create();
        seg.addSequenceItem(Tags.DimensionOrganizationSequence)
                .setString(Tags.DimensionOrganizationUID, dimensionOrganization);
        seg.setString(Tags.DimensionOrganizationType, "3D");
        dimension(
                seg,
                dimensionOrganization,
                Tags.ReferencedSegmentNumber,
                Tags.SegmentIdentificationSequence,
                "Segment Number");
        dimension(
                seg,
                dimensionOrganization,
                Tags.ImagePositionPatient,
                Tags.PlanePositionSequence,
                "Image Position Patient");

        Attributes shared = seg.addSequenceItem(Tags.SharedFunctionalGroupsSequence);
        Attributes measures = shared.addSequenceItem(Tags.PixelMeasuresSequence);
        measures.setString(Tags.PixelSpacing, first.getStrings(Tags.PixelSpacing));
        String thickness = first.getString(Tags.SliceThickness);
        measures.setString(Tags.SliceThickness, thickness == null ? spacingBetweenSlices() : thickness);
        shared.addSequenceItem(Tags.PlaneOrientationSequence)
                .setString(Tags.ImageOrientationPatient, first.getStrings(Tags.ImageOrientationPatient));

        int[] positionIndex = positionIndices();
        byte[] pixels = new byte[evenLength((long) frames * rows * columns)];
        int pixelsPerFrame = rows * columns;
        Integer[] order = sourceOrder();
        int frame = 0;
        for (int s = 0; s < segments.size(); s++) {
            BitSet[] perSource = masks.get(s);
            for (int sourceIndex : order) {
                BitSet mask = perSource[sourceIndex];
                if (mask == null) {
                    continue;
                }
                Attributes source = sources.get(sourceIndex);
                Attributes groups = seg.addSequenceItem(Tags.PerFrameFunctionalGroupsSequence);
                Attributes derivation = groups.addSequenceItem(Tags.DerivationImageSequence);
                Modules.addCode(derivation, Tags.DerivationCodeSequence, SEGMENTATION_DERIVATION);
                Attributes sourceImage = derivation.addSequenceItem(Tags.SourceImageSequence);
                sourceImage.setString(Tags.ReferencedSOPClassUID, source.getString(Tags.SOPClassUID));
                sourceImage.setString(Tags.ReferencedSOPInstanceUID, source.getString(Tags.SOPInstanceUID));
                Modules.addCode(sourceImage, Tags.PurposeOfReferenceCodeSequence, SOURCE_IMAGE_PURPOSE);
                groups.addSequenceItem(Tags.FrameContentSequence)
                        .setInt(Tags.DimensionIndexValues, s + 1, positionIndex[sourceIndex]);
                groups.addSequenceItem(Tags.PlanePositionSequence)
                        .setString(Tags.ImagePositionPatient, source.getStrings(Tags.ImagePositionPatient));
                groups.addSequenceItem(Tags.SegmentIdentificationSequence).setInt(Tags.ReferencedSegmentNumber, s + 1);
                long base = (long) frame * pixelsPerFrame;
                for (int bit = mask.nextSetBit(0); bit >= 0; bit = mask.nextSetBit(bit + 1)) {
                    long index = base + bit;
                    pixels[(int) (index >>> 3)] |= (byte) (1 << (index & 7));
                }
                frame++;
            }
        }
        referencedSeries(seg);
        seg.setBytes(Tags.PixelData, "OB", pixels);
        return seg;
    }

    /** Writes the Segmentation as a Part 10 file (explicit VR little endian). */
    public Path write(Path file) throws IOException {
        files.write(build(), UID.ExplicitVRLittleEndian, file);
        return file;
    }

    private String deviceSerialNumber() {
        // Software has no serial number; the job that made the object identifies this "device" run.
        String job = contributor.jobId();
        return Modules.truncate(job == null || job.isBlank() ? contributor.algorithmVersion() : job, 64);
    }

    private static void segmentItem(Attributes item, int number, SegmentDefinition segment) {
        item.setInt(Tags.SegmentNumber, number);
        item.setString(Tags.SegmentLabel, Modules.truncate(segment.label(), 64));
        Modules.addCode(item, Tags.SegmentedPropertyCategoryCodeSequence, segment.category());
        Modules.addCode(item, Tags.SegmentedPropertyTypeCodeSequence, segment.type());
        item.setString(Tags.SegmentAlgorithmType, segment.algorithmType());
        if (segment.algorithmName() != null && !segment.algorithmName().isBlank()) {
            item.setString(Tags.SegmentAlgorithmName, Modules.truncate(segment.algorithmName(), 64));
        }
        item.setInt(Tags.RecommendedDisplayCIELabValue, CieLab.srgbToScaled(segment.rgb()));
    }

    private static void dimension(Attributes seg, String organization, int pointer, int functionalGroup, String label) {
        Attributes item = seg.addSequenceItem(Tags.DimensionIndexSequence);
        item.setString(Tags.DimensionOrganizationUID, organization);
        item.setInt(Tags.DimensionIndexPointer, pointer);
        item.setInt(Tags.FunctionalGroupPointer, functionalGroup);
        item.setString(Tags.DimensionDescriptionLabel, label);
    }

    /** One item per source series, listing the source images that frames were drawn on. */
    private void referencedSeries(Attributes seg) {
        List<String> seriesUids = new ArrayList<>();
        List<Attributes> seriesItems = new ArrayList<>();
        for (int sourceIndex = 0; sourceIndex < sources.size(); sourceIndex++) {
            Attributes source = sources.get(sourceIndex);
            String series = source.getString(Tags.SeriesInstanceUID);
            int at = seriesUids.indexOf(series);
            Attributes item;
            if (at < 0) {
                item = seg.addSequenceItem(Tags.ReferencedSeriesSequence);
                item.setString(Tags.SeriesInstanceUID, series);
                seriesUids.add(series);
                seriesItems.add(item);
            } else {
                item = seriesItems.get(at);
            }
            Attributes instance = item.addSequenceItem(Tags.ReferencedInstanceSequence);
            instance.setString(Tags.ReferencedSOPClassUID, source.getString(Tags.SOPClassUID));
            instance.setString(Tags.ReferencedSOPInstanceUID, source.getString(Tags.SOPInstanceUID));
        }
    }

    /** The sources' distance along the slice normal. */
    private double[] normalDistances() {
        double[] orientation = numbers(sources.get(0), Tags.ImageOrientationPatient, 6, "Image Orientation (Patient)");
        double[] normal = {
            orientation[1] * orientation[5] - orientation[2] * orientation[4],
            orientation[2] * orientation[3] - orientation[0] * orientation[5],
            orientation[0] * orientation[4] - orientation[1] * orientation[3]
        };
        double[] distances = new double[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            double[] position = numbers(sources.get(i), Tags.ImagePositionPatient, 3, "Image Position (Patient)");
            distances[i] = position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2];
        }
        return distances;
    }

    private Integer[] sourceOrder() {
        double[] distances = normalDistances();
        Integer[] order = new Integer[sources.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> distances[i]));
        return order;
    }

    /** 1-based index of each source's position among the distinct positions, along the normal. */
    private int[] positionIndices() {
        double[] distances = normalDistances();
        Integer[] order = sourceOrder();
        int[] indices = new int[sources.size()];
        int index = 0;
        double previous = Double.NaN;
        for (int sourceIndex : order) {
            if (index == 0 || Math.abs(distances[sourceIndex] - previous) > SAME_POSITION_MM) {
                index++;
                previous = distances[sourceIndex];
            }
            indices[sourceIndex] = index;
        }
        return indices;
    }

    private String spacingBetweenSlices() {
        double[] distances = normalDistances().clone();
        Arrays.sort(distances);
        double spacing = distances.length > 1 ? distances[1] - distances[0] : 1;
        return Double.toString(spacing > 0 ? spacing : 1);
    }

    private static int evenLength(long bits) {
        long bytes = (bits + 7) / 8;
        bytes += bytes % 2;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a Segmentation of " + bits + " bits is too large for one object");
        }
        return (int) bytes;
    }

    private static int requireInt(Attributes source, int tag, String name) {
        Integer value = source.getInt(tag);
        if (value == null) {
            throw new IllegalArgumentException("source " + source.getString(Tags.SOPInstanceUID) + " has no " + name);
        }
        return value;
    }

    private static double[] numbers(Attributes source, int tag, int count, String name) {
        String[] values = source.getStrings(tag);
        if (values.length != count) {
            throw new IllegalArgumentException(
                    "source " + source.getString(Tags.SOPInstanceUID) + " has no valid " + name);
        }
        double[] numbers = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                numbers[i] = Double.parseDouble(values[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("source " + source.getString(Tags.SOPInstanceUID)
                        + " has an invalid " + name + ": " + values[i]);
            }
        }
        return numbers;
    }
}
