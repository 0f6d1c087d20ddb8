package org.atrium.dicom.internal.pixelmed;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.CompressedFrameDecoder;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.ValueRepresentation;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.image.EncapsulatedDocument;
import org.atrium.dicom.image.ImageInfo;
import org.atrium.dicom.image.Segmentation;
import org.atrium.dicom.image.StructuredReport;
import org.atrium.dicom.image.Window;
import org.atrium.dicom.internal.image.FrameSamples;
import org.atrium.dicom.internal.image.ImageAttributes;
import org.atrium.dicom.internal.image.ImageTags;
import org.atrium.dicom.internal.image.PixelFormat;
import org.atrium.dicom.internal.image.Rendering;
import org.atrium.dicom.internal.image.Rle;
import org.atrium.dicom.internal.image.Segmentations;
import org.atrium.dicom.internal.image.StructuredReports;

/**
 * {@link DicomImages} on PixelMed. A frame is read without the rest of the pixel data wherever
 * the file allows it: the header is parsed up to (7FE0,0010), then native frames are read at
 * their offset and encapsulated frames from their own fragments. Big endian and deflated files,
 * and encapsulated frames that cannot be told apart without decoding, are read whole. RLE is
 * decoded here; JPEG and JPEG 2000 by the ImageIO readers PixelMed selects (registered by {@code
 * DicomToolkitComponent}). Stateless and thread-safe.
 */
public final class PixelMedImages implements DicomImages {

    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    /** Item and Sequence Delimitation Item tags as little endian ints (group in the low half). */
    private static final int ITEM = 0xE000FFFE;

    private static final int SEQUENCE_DELIMITER = 0xE0DDFFFE;

    private final PixelMedFiles files;

    public PixelMedImages(PixelMedFiles files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    @Override
    public ImageInfo info(Path file) throws IOException {
        PixelMedFiles.Header header = files.readHeaderLocatingPixelData(Objects.requireNonNull(file, "file"));
        PixelMedAttributes dataset = header.attributes();
        PixelFormat format = imageFormat(header, file);
        return ImageAttributes.info(dataset, format, dataset.sourceTransferSyntax());
    }

    @Override
    public BufferedImage render(Path file, int frame, Window window) throws IOException {
        Decoded decoded = decode(file, frame);
        FrameSamples samples = decoded.samples();
        if (samples.format().isMonochrome()) {
            return Rendering.monochrome(
                    samples,
                    ImageAttributes.rescale(decoded.dataset(), frame),
                    window,
                    ImageAttributes.window(decoded.dataset(), frame),
                    ImageAttributes.padding(decoded.dataset()));
        }
        return Rendering.color(samples);
    }

    @Override
    public void writePng(Path file, int frame, Window window, int maxSize, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        Rendering.writePng(Rendering.fit(render(file, frame, window), maxSize), out);
    }

    @Override
    public float[] modalityValues(Path file, int frame) throws IOException {
        Decoded decoded = decode(file, frame);
        if (!decoded.samples().format().isMonochrome()) {
            throw new IllegalArgumentException("not a monochrome image: " + file + " ("
                    + decoded.samples().format().photometricInterpretation() + ")");
        }
        return Rendering.modalityValues(decoded.samples(), ImageAttributes.rescale(decoded.dataset(), frame));
    }

    @Override
    public byte[] frameData(Path file, int frame) throws IOException {
        PixelMedFiles.Header header = files.readHeaderLocatingPixelData(Objects.requireNonNull(file, "file"));
        PixelMedAttributes dataset = header.attributes();
        PixelFormat format = imageFormat(header, file);
        checkFrame(format, frame, file, dataset);
        String transferSyntax = dataset.sourceTransferSyntax();
        if (header.pixelDataOffset() >= 0 && !UID.ExplicitVRBigEndian.equals(transferSyntax)) {
            byte[] stored = nativeFrameInFile(
                    file, header.pixelDataOffset(), !UID.ImplicitVRLittleEndian.equals(transferSyntax), format, frame);
            if (stored != null) {
                return stored;
            }
        }
        if (!isEncapsulated(transferSyntax)) {
            PixelMedAttributes whole = files.readFile(file, false);
            Attribute pixels = whole.attributeList().get(PixelMedAttributes.tagOf(Tag.PixelData));
            if (pixels != null && !(pixels instanceof OtherByteAttributeMultipleCompressedFrames)) {
                byte[] bytes = littleEndianBytes(
                        pixels, format.bitsAllocated(), UID.ExplicitVRBigEndian.equals(transferSyntax), file);
                long frameLength = format.frameLength();
                long start = frame * frameLength;
                if (start + frameLength > bytes.length) {
                    throw new IOException("pixel data of " + file + " is too short: " + bytes.length + " bytes, frame "
                            + frame + " ends at byte " + (start + frameLength));
                }
                return Arrays.copyOfRange(bytes, (int) start, (int) (start + frameLength));
            }
        }
        return pack(decode(file, frame).samples());
    }

    private static boolean isEncapsulated(String transferSyntax) {
        return !UID.ImplicitVRLittleEndian.equals(transferSyntax)
                && !UID.ExplicitVRLittleEndian.equals(transferSyntax)
                && !UID.ExplicitVRBigEndian.equals(transferSyntax)
                && !UID.DeflatedExplicitVRLittleEndian.equals(transferSyntax);
    }

    /** Decoded stored values back to bytes: Bits Allocated per sample, little endian. */
    private static byte[] pack(FrameSamples samples) {
        int[] values = samples.samples();
        int bitsAllocated = samples.format().bitsAllocated();
        ByteBuffer out =
                ByteBuffer.allocate(values.length * (bitsAllocated / 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            switch (bitsAllocated) {
                case 8 -> out.put((byte) value);
                case 16 -> out.putShort((short) value);
                default -> out.putInt(value);
            }
        }
        return out.array();
    }

    /** The stored bytes of a native frame at its offset; {@code null} for encapsulated pixel data. */
    private static byte[] nativeFrameInFile(
            Path file, long elementOffset, boolean explicitVr, PixelFormat format, int frame) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long[] value = locateValue(channel, elementOffset, explicitVr, file);
            long length = value[1];
            if (length == UNDEFINED_LENGTH) {
                return null;
            }
            long frameLength = format.frameLength();
            if (frameLength * (frame + 1) > length) {
                throw new IOException("pixel data of " + file + " is too short: " + length + " bytes, frame " + frame
                        + " ends at byte " + frameLength * (frame + 1));
            }
            ByteBuffer bytes = read(channel, value[0] + frame * frameLength, (int) frameLength, file);
            byte[] array = new byte[(int) frameLength];
            bytes.get(array);
            return array;
        }
    }

    /** Offset and length of the value of the (7FE0,0010) element at {@code elementOffset}. */
    private static long[] locateValue(FileChannel channel, long elementOffset, boolean explicitVr, Path file)
            throws IOException {
        ByteBuffer element = read(channel, elementOffset, 12, file);
        if (element.getInt(0) != 0x0010_7FE0) {
            throw new IOException("pixel data not found where the header ends: " + file);
        }
        String vr =
                explicitVr ? new String(new byte[] {element.get(4), element.get(5)}, StandardCharsets.US_ASCII) : null;
        if (vr == null) {
            return new long[] {elementOffset + 8, element.getInt(4) & 0xFFFFFFFFL};
        } else if ("OB OW OF OD OL OV UN".contains(vr)) {
            return new long[] {elementOffset + 12, element.getInt(8) & 0xFFFFFFFFL};
        }
        return new long[] {elementOffset + 8, element.getShort(6) & 0xFFFFL};
    }

    @Override
    public Segmentation segmentation(Path file) throws IOException {
        PixelMedAttributes dataset = files.readFile(Objects.requireNonNull(file, "file"), false);
        if (!Segmentations.isSegmentation(dataset)) {
            throw new IllegalArgumentException("not a Segmentation: " + file + " (SOP class "
                    + dataset.getString(Tag.SOPClassUID) + ", expected " + UID.SegmentationStorage + ")");
        }
        Attribute pixels = dataset.attributeList().get(PixelMedAttributes.tagOf(Tag.PixelData));
        if (pixels == null) {
            throw new IllegalArgumentException("Segmentation without pixel data: " + file);
        }
        if (pixels instanceof OtherByteAttributeMultipleCompressedFrames) {
            throw new IOException("cannot decode Segmentation " + file + ": compressed pixel data (transfer syntax "
                    + dataset.sourceTransferSyntax() + ") is not supported");
        }
        return Segmentations.decode(dataset, littleEndianBytes(pixels, 8, false, file), file.toString());
    }

    @Override
    public StructuredReport structuredReport(Path file) throws IOException {
        PixelMedAttributes dataset = files.readFile(Objects.requireNonNull(file, "file"), false);
        return StructuredReports.read(dataset, file.toString());
    }

    @Override
    public EncapsulatedDocument encapsulatedDocument(Path file) throws IOException {
        PixelMedAttributes dataset = files.readFile(Objects.requireNonNull(file, "file"), false);
        Attribute document = dataset.attributeList().get(PixelMedAttributes.tagOf(ImageTags.EncapsulatedDocument));
        if (document == null) {
            throw new IllegalArgumentException("not an encapsulated document: " + file + " (SOP class "
                    + dataset.getString(Tag.SOPClassUID) + " has no Encapsulated Document (0042,0011))");
        }
        byte[] bytes;
        try {
            bytes = document.getByteValues();
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException("cannot read the encapsulated document of " + file + ": " + e.getMessage(), e);
        }
        bytes = bytes == null ? new byte[0] : bytes;
        String mimeType = dataset.getString(ImageTags.MIMETypeOfEncapsulatedDocument);
        Integer length = dataset.getInt(ImageTags.EncapsulatedDocumentLength);
        if (length != null && length >= 0 && length <= bytes.length) {
            bytes = Arrays.copyOf(bytes, length);
        } else if (length == null
                && "application/pdf".equalsIgnoreCase(mimeType)
                && bytes.length > 0
                && bytes[bytes.length - 1] == 0) {
            // Without the length only the format knows: a PDF ends with %%EOF and an end of line, never NUL.
            bytes = Arrays.copyOf(bytes, bytes.length - 1);
        }
        return new EncapsulatedDocument(
                dataset.getString(Tag.SOPClassUID),
                dataset.getString(Tag.SOPInstanceUID),
                mimeType,
                dataset.getString(ImageTags.DocumentTitle),
                bytes);
    }

    private record Decoded(Attributes dataset, FrameSamples samples) {}

    private Decoded decode(Path file, int frame) throws IOException {
        PixelMedFiles.Header header = files.readHeaderLocatingPixelData(Objects.requireNonNull(file, "file"));
        PixelMedAttributes dataset = header.attributes();
        PixelFormat format = imageFormat(header, file);
        checkFrame(format, frame, file, dataset);
        String transferSyntax = dataset.sourceTransferSyntax();
        FrameSamples samples = null;
        if (header.pixelDataOffset() >= 0 && !UID.ExplicitVRBigEndian.equals(transferSyntax)) {
            samples = readFromFile(
                    file,
                    header.pixelDataOffset(),
                    !UID.ImplicitVRLittleEndian.equals(transferSyntax),
                    transferSyntax,
                    format,
                    frame);
        }
        if (samples == null) {
            samples = readWhole(file, transferSyntax, format, frame);
        }
        return new Decoded(dataset, samples);
    }

    private static void checkFrame(PixelFormat format, int frame, Path file, Attributes dataset) {
        if (format.bitsAllocated() == 1) {
            throw new IllegalArgumentException("cannot render " + file + ": 1 bit per pixel"
                    + (Segmentations.isSegmentation(dataset)
                            ? " (a Segmentation: read it with segmentation(..))"
                            : ""));
        }
        if (frame < 0 || frame >= format.frames()) {
            throw new IllegalArgumentException("frame " + frame + " out of range: " + file + " has " + format.frames()
                    + " frame(s), 0 to " + (format.frames() - 1));
        }
    }

    /** The pixel format of an image; {@link IllegalArgumentException} for objects without pixel data. */
    private static PixelFormat imageFormat(PixelMedFiles.Header header, Path file) {
        PixelMedAttributes dataset = header.attributes();
        boolean deflated = UID.DeflatedExplicitVRLittleEndian.equals(dataset.sourceTransferSyntax());
        boolean pixelData = header.pixelDataOffset() >= 0 || (deflated && dataset.contains(Tag.Rows));
        if (!pixelData) {
            throw new IllegalArgumentException("not an image: " + file + " (SOP class "
                    + dataset.getString(Tag.SOPClassUID) + ", no Pixel Data (7FE0,0010))");
        }
        return PixelFormat.of(dataset, file.toString());
    }

    /**
     * One frame read at its place in the file; {@code null} when the frame cannot be found
     * without parsing all pixel data (fragments neither one per frame nor indexed).
     */
    private static FrameSamples readFromFile(
            Path file, long elementOffset, boolean explicitVr, String transferSyntax, PixelFormat format, int frame)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long[] value = locateValue(channel, elementOffset, explicitVr, file);
            long valueOffset = value[0];
            long length = value[1];
            if (length == UNDEFINED_LENGTH) {
                byte[] compressed = fragmentsOfFrame(channel, valueOffset, format.frames(), frame, file);
                return compressed == null ? null : decodeCompressed(compressed, transferSyntax, format, frame, file);
            }
            long frameLength = format.frameLength();
            long start = valueOffset + frame * frameLength;
            if (frameLength * (frame + 1) > length) {
                throw new IOException("pixel data of " + file + " is too short: " + length + " bytes, frame " + frame
                        + " ends at byte " + frameLength * (frame + 1));
            }
            return new FrameSamples(format, format.unpack(read(channel, start, (int) frameLength, file)));
        }
    }

    /**
     * The bytes of one frame's fragments (PS3.5 A.4): every fragment of a single-frame object,
     * fragment i of an object with one fragment per frame, or the fragments the Basic Offset Table
     * assigns to the frame; {@code null} otherwise.
     */
    private static byte[] fragmentsOfFrame(FileChannel channel, long offset, int frames, int frame, Path file)
            throws IOException {
        long size = channel.size();
        ByteBuffer item = read(channel, offset, 8, file);
        if (item.getInt(0) != ITEM) {
            throw new IOException("encapsulated pixel data of " + file + " does not start with an item");
        }
        long tableLength = item.getInt(4) & 0xFFFFFFFFL;
        long[] table = new long[0];
        if (tableLength >= 4 && tableLength % 4 == 0 && tableLength / 4 == frames) {
            ByteBuffer entries = read(channel, offset + 8, (int) tableLength, file);
            table = new long[frames];
            for (int i = 0; i < frames; i++) {
                table[i] = entries.getInt(4 * i) & 0xFFFFFFFFL;
            }
        }
        long first = offset + 8 + tableLength;
        long[] positions = new long[16];
        long[] lengths = new long[16];
        int count = 0;
        long at = first;
        while (true) {
            ByteBuffer header = read(channel, at, 8, file);
            int tag = header.getInt(0);
            if (tag == SEQUENCE_DELIMITER) {
                break;
            }
            long length = header.getInt(4) & 0xFFFFFFFFL;
            if (tag != ITEM || length == UNDEFINED_LENGTH || at + 8 + length > size) {
                throw new IOException("encapsulated pixel data of " + file + " is corrupt at byte " + at);
            }
            if (count == positions.length) {
                positions = Arrays.copyOf(positions, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            positions[count] = at;
            lengths[count] = length;
            count++;
            at += 8 + length;
        }
        int from;
        int to;
        if (frames == 1) {
            from = 0;
            to = count;
        } else if (count == frames) {
            from = frame;
            to = frame + 1;
        } else if (table.length == frames) {
            long begin = first + table[frame];
            long end = frame + 1 < frames ? first + table[frame + 1] : Long.MAX_VALUE;
            from = -1;
            to = -1;
            for (int i = 0; i < count; i++) {
                if (positions[i] >= begin && positions[i] < end) {
                    from = from < 0 ? i : from;
                    to = i + 1;
                }
            }
            if (from < 0) {
                return null;
            }
        } else {
            return null;
        }
        if (from >= count) {
            throw new IOException(
                    "encapsulated pixel data of " + file + " has " + count + " fragments, no frame " + frame);
        }
        long total = 0;
        for (int i = from; i < to; i++) {
            total += lengths[i];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IOException("frame " + frame + " of " + file + " is too large: " + total + " bytes");
        }
        byte[] bytes = new byte[(int) total];
        int filled = 0;
        for (int i = from; i < to; i++) {
            ByteBuffer fragment = read(channel, positions[i] + 8, (int) lengths[i], file);
            fragment.get(bytes, filled, (int) lengths[i]);
            filled += (int) lengths[i];
        }
        return bytes;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("DICOM file is truncated: " + file + " (pixel data ends before byte "
                        + (position + length) + ")");
            }
            at += n;
        }
        return buffer.flip();
    }

    /** One frame from the whole data set, as PixelMed reads it (big endian, deflated, unindexed fragments). */
    private FrameSamples readWhole(Path file, String transferSyntax, PixelFormat format, int frame) throws IOException {
        PixelMedAttributes dataset = files.readFile(file, false);
        Attribute pixels = dataset.attributeList().get(PixelMedAttributes.tagOf(Tag.PixelData));
        if (pixels == null) {
            throw new IllegalArgumentException("not an image: " + file + " (no Pixel Data (7FE0,0010))");
        }
        if (pixels instanceof OtherByteAttributeMultipleCompressedFrames compressed) {
            byte[][] frames = compressed.getFrames();
            if (frames == null || frame >= frames.length) {
                throw new IOException("encapsulated pixel data of " + file + " has no frame " + frame);
            }
            return decodeCompressed(frames[frame], transferSyntax, format, frame, file);
        }
        byte[] bytes =
                littleEndianBytes(pixels, format.bitsAllocated(), UID.ExplicitVRBigEndian.equals(transferSyntax), file);
        long frameLength = format.frameLength();
        long start = frame * frameLength;
        if (start + frameLength > bytes.length) {
            throw new IOException("pixel data of " + file + " is too short: " + bytes.length + " bytes, frame " + frame
                    + " ends at byte " + (start + frameLength));
        }
        ByteBuffer frameBytes =
                ByteBuffer.wrap(bytes, (int) start, (int) frameLength).slice();
        return new FrameSamples(format, format.unpack(frameBytes));
    }

    /**
     * Native pixel data as little endian bytes. PixelMed holds OW as words in host order; 32-bit
     * values read as OW from big endian files come as their high word first.
     */
    private static byte[] littleEndianBytes(Attribute pixels, int bitsAllocated, boolean bigEndian, Path file)
            throws IOException {
        try {
            if (ValueRepresentation.isOtherWordVR(pixels.getVR())) {
                short[] words = pixels.getShortValues();
                if (bitsAllocated == 32 && bigEndian) {
                    words = words.clone();
                    for (int i = 0; i + 1 < words.length; i += 2) {
                        short high = words[i];
                        words[i] = words[i + 1];
                        words[i + 1] = high;
                    }
                }
                ByteBuffer bytes = ByteBuffer.allocate(words.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asShortBuffer().put(words);
                return bytes.array();
            }
            byte[] bytes = pixels.getByteValues();
            return bytes == null ? new byte[0] : bytes;
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException("cannot read the pixel data of " + file + ": " + e.getMessage(), e);
        }
    }

    private static FrameSamples decodeCompressed(
            byte[] compressed, String transferSyntax, PixelFormat format, int frame, Path file) throws IOException {
        if (UID.RLELossless.equals(transferSyntax)) {
            PixelFormat interleaved = format.withPhotometricInterpretation(format.photometricInterpretation());
            try {
                return new FrameSamples(interleaved, interleaved.unpack(Rle.decode(compressed, format)));
            } catch (IOException e) {
                throw new IOException("cannot decode frame " + frame + " of " + file + ": " + e.getMessage(), e);
            }
        }
        BufferedImage image;
        boolean convertedToRgb;
        try {
            CompressedFrameDecoder decoder = new CompressedFrameDecoder(
                    transferSyntax,
                    new byte[][] {compressed},
                    Math.max(1, format.bitsAllocated() / 8),
                    format.columns(),
                    format.rows(),
                    format.samplesPerPixel(),
                    ColorSpace.getInstance(ColorSpace.CS_sRGB));
            image = decoder.getDecompressedFrameAsBufferedImage(0);
            convertedToRgb = decoder.getColorSpaceConvertedToRGBDuringDecompression();
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            throw new IOException(
                    "cannot decode frame " + frame + " of " + file + " (transfer syntax " + transferSyntax + "): "
                            + e.getMessage(),
                    e);
        }
        if (image == null) {
            throw new IOException("cannot decode frame " + frame + " of " + file + " (transfer syntax " + transferSyntax
                    + "): no codec for it");
        }
        Raster raster = image.getRaster();
        if (raster.getWidth() != format.columns()
                || raster.getHeight() != format.rows()
                || raster.getNumBands() != format.samplesPerPixel()) {
            throw new IOException("frame " + frame + " of " + file + " decodes to " + raster.getWidth() + "x"
                    + raster.getHeight() + "x" + raster.getNumBands() + ", not " + format.columns() + "x"
                    + format.rows() + "x" + format.samplesPerPixel());
        }
        int[] samples = raster.getPixels(0, 0, raster.getWidth(), raster.getHeight(), (int[]) null);
        String photometric = format.photometricInterpretation();
        if (format.samplesPerPixel() == 3
                && (convertedToRgb || photometric.startsWith("YBR_RCT") || photometric.startsWith("YBR_ICT"))) {
            photometric = "RGB";
        }
        PixelFormat decoded = format.withPhotometricInterpretation(photometric);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = decoded.stored(samples[i]);
        }
        return new FrameSamples(decoded, samples);
    }
}
