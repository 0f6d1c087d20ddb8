package org.atrium.dicom.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads DICOM objects for display and analysis: image frames, Segmentations, Structured Reports
 * and encapsulated documents, from Part 10 files. Stateless and thread-safe.
 *
 * <p>Frames are numbered from 0 (DICOM frame number minus 1). A file that is not DICOM, is
 * truncated, or whose pixel data cannot be decoded (no codec for its transfer syntax) is an
 * {@link IOException} naming the file; an object of the wrong kind for the method (an SR passed
 * to {@link #render}, an image to {@link #segmentation}), a frame out of range or an invalid
 * argument is an {@link IllegalArgumentException} saying which.
 */
@ProviderType
public interface DicomImages {

    /** The image's geometry, pixel format and display defaults, read without its pixel data. */
    ImageInfo info(Path file) throws IOException;

    /**
     * Renders one frame for display. Monochrome frames become 8-bit grey ({@link
     * BufferedImage#TYPE_BYTE_GRAY}): stored values through the Modality LUT (rescale slope and
     * intercept) and the linear VOI window, MONOCHROME1 inverted. Colour frames (RGB, YBR, in any
     * planar configuration) become {@link BufferedImage#TYPE_INT_RGB}, unwindowed.
     *
     * @param window in modality units; {@code null}: the object's own first window, else the
     *     frame's minimum to maximum modality value
     */
    BufferedImage render(Path file, int frame, Window window) throws IOException;

    /**
     * Renders one frame as {@link #render} does and writes it as PNG, scaled down (never up), to
     * fit {@code maxSize × maxSize}, keeping the aspect ratio. The stream is not closed.
     *
     * @param maxSize the largest width and height; 0 or less keeps the original size
     */
    void writePng(Path file, int frame, Window window, int maxSize, OutputStream out) throws IOException;

    /**
     * The modality values of a monochrome frame (stored values through rescale slope and
     * intercept), {@code rows × columns} of them row by row, for algorithms.
     */
    float[] modalityValues(Path file, int frame) throws IOException;

    /**
     * The pixel data of one frame, uncompressed, laid out as in Explicit VR Little Endian: native
     * frames exactly as stored (byte swapped from big endian, inflated from deflate; planar
     * configuration and 4:2:2 subsampling kept), encapsulated frames decoded to their stored values
     * with samples interleaved pixel by pixel, in Bits Allocated little endian (a codec may have
     * turned YBR into RGB, as {@link #render} shows). For DICOMweb frame retrieval and for tools
     * that want the stored values as bytes.
     *
     * @throws IllegalArgumentException for an object without pixel data, 1 bit per pixel, or a
     *     frame out of range
     */
    byte[] frameData(Path file, int frame) throws IOException;

    /** Decodes a Segmentation: its segments, and per frame the segment, source image and mask. */
    Segmentation segmentation(Path file) throws IOException;

    /** The content tree of a Structured Report (any SR storage SOP class, Key Object Selection too). */
    StructuredReport structuredReport(Path file) throws IOException;

    /** The document inside an encapsulated document object (PDF, CDA, STL, OBJ, MTL). */
    EncapsulatedDocument encapsulatedDocument(Path file) throws IOException;
}
