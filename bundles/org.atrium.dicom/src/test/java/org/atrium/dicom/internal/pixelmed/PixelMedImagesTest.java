package org.atrium.dicom.internal.pixelmed;

import static org.atrium.dicom.internal.pixelmed.ImageFixtures.imagePixel;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.object;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.put;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.words;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.write;
import static org.atrium.dicom.internal.pixelmed.TestFiles.pydicom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.imageio.JPEGLosslessImageReaderSpi;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.ImageInfo;
import org.atrium.dicom.image.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rendering and reading images: synthetic objects built with PixelMed (expected grey values
 * computed here from PS3.3's formula), the same objects compressed by DCMTK, and pydicom's real
 * test files.
 */
class PixelMedImagesTest {

    static final int SIZE = 64;

    static final double INTERCEPT = -1024;

    private static final JPEGLosslessImageReaderSpi JPEG_LOSSLESS = new JPEGLosslessImageReaderSpi();
    private static final J2KImageReaderSpi JPEG_2000 = new J2KImageReaderSpi();

    private final PixelMedImages images = new PixelMedImages(new PixelMedFiles());

    @TempDir
    Path temp;

    @BeforeAll
    static void registerCodecs() {
        // What DicomToolkitComponent does in OSGi, where ImageIO does not find them by itself.
        IIORegistry.getDefaultInstance().registerServiceProvider(JPEG_LOSSLESS);
        IIORegistry.getDefaultInstance().registerServiceProvider(JPEG_2000);
    }

    @AfterAll
    static void deregisterCodecs() {
        IIORegistry.getDefaultInstance().deregisterServiceProvider(JPEG_LOSSLESS);
        IIORegistry.getDefaultInstance().deregisterServiceProvider(JPEG_2000);
    }

    /** Slices 0 and 1 store 12 bits, slice 2 all 16. */
    static int bitsStored(int slice) {
        return slice == 2 ? 16 : 12;
    }

    /**
     * The stored value of the synthetic CT at (x, y) of a slice: in the 12-bit slices each of
     * -2048..2047 once, in the 16-bit one -20000 to 16855 in steps of 9.
     */
    static int stored(int x, int y, int slice) {
        if (bitsStored(slice) == 16) {
            return -20000 + 9 * (y * SIZE + x);
        }
        return -2048 + Math.floorMod(y * SIZE + x + slice * 7, 4096);
    }

    static double hounsfield(int x, int y, int slice) {
        return stored(x, y, slice) + INTERCEPT;
    }

    /** PS3.3 C.11.2.1.2.1, the linear VOI function onto 0..255. */
    static int linear(double x, double center, double width) {
        if (x <= center - 0.5 - (width - 1) / 2) {
            return 0;
        }
        if (x > center - 0.5 + (width - 1) / 2) {
            return 255;
        }
        return (int) Math.round(((x - (center - 0.5)) / (width - 1) + 0.5) * 255);
    }

    /**
     * One slice of the synthetic CT series. {@code extendSign}: whether the 16-bit words of a
     * 12-bit slice carry the value's sign in their top bits; DICOM allows either, readers must mask.
     */
    Path ctSlice(int slice, String photometric, boolean withWindow, boolean extendSign) throws IOException {
        AttributeList list = object(UID.CTImageStorage, "2.25.2000" + slice, "CT", ImageFixtures.CT_SERIES);
        put(list, "InstanceNumber", slice + 1);
        put(list, "ImagePositionPatient", -100, -120, slice * 2.5);
        put(list, "ImageOrientationPatient", 1, 0, 0, 0, 1, 0);
        put(list, "PixelSpacing", 0.7, 0.8);
        put(list, "SliceLocation", slice * 2.5);
        imagePixel(list, SIZE, SIZE, 1, photometric, 16, bitsStored(slice), true);
        put(list, "RescaleIntercept", (int) INTERCEPT);
        put(list, "RescaleSlope", 1);
        put(list, "RescaleType", "HU");
        if (withWindow) {
            put(list, "WindowCenter", 40, 300);
            put(list, "WindowWidth", 400, 1500);
        }
        short[] pixels = new short[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int value = stored(x, y, slice);
                pixels[y * SIZE + x] = (short) (extendSign ? value : value & ((1 << bitsStored(slice)) - 1));
            }
        }
        words(list, pixels);
        return write(
                list,
                temp.resolve("ct-" + slice + "-" + photometric + (withWindow ? "-w" : "") + (extendSign ? "-s" : "")
                        + ".dcm"));
    }

    static void assertGreys(BufferedImage image, int slice, Window window, boolean inverted) {
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertEquals(SIZE, image.getWidth());
        assertEquals(SIZE, image.getHeight());
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int expected = linear(hounsfield(x, y, slice), window.center(), window.width());
                if (inverted) {
                    expected = 255 - expected;
                }
                int actual = image.getRaster().getSample(x, y, 0);
                if (expected != actual) {
                    assertEquals(
                            expected,
                            actual,
                            "slice " + slice + " (" + x + ", " + y + ") HU " + hounsfield(x, y, slice) + " window "
                                    + window);
                }
            }
        }
    }

    /** (x, y) of the first pixel with this Hounsfield value in a slice. */
    static int[] where(double hu, int slice) {
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (hounsfield(x, y, slice) == hu) {
                    return new int[] {x, y};
                }
            }
        }
        throw new AssertionError("no pixel of " + hu + " HU in slice " + slice);
    }

    @Test
    void infoOfACtSlice() throws IOException {
        ImageInfo info = images.info(ctSlice(2, "MONOCHROME2", true, false));
        assertEquals(UID.CTImageStorage, info.sopClassUid());
        assertEquals("2.25.20002", info.sopInstanceUid());
        assertEquals(ImageFixtures.CT_SERIES, info.seriesInstanceUid());
        assertEquals("CT", info.modality());
        assertEquals(UID.ExplicitVRLittleEndian, info.transferSyntaxUid());
        assertEquals(3, info.instanceNumber());
        assertEquals(SIZE, info.rows());
        assertEquals(SIZE, info.columns());
        assertEquals(1, info.frames());
        assertEquals(1, info.samplesPerPixel());
        assertEquals("MONOCHROME2", info.photometricInterpretation());
        assertTrue(info.isMonochrome());
        assertEquals(16, info.bitsAllocated());
        assertEquals(16, info.bitsStored());
        assertEquals(12, images.info(ctSlice(1, "MONOCHROME2", true, false)).bitsStored());
        assertTrue(info.signed());
        assertEquals(1.0, info.rescaleSlope());
        assertEquals(-1024.0, info.rescaleIntercept());
        assertEquals(new Window(40, 400), info.defaultWindow());
        assertArrayEquals(new double[] {-100, -120, 5}, info.imagePositionPatient());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, info.imageOrientationPatient());
        assertArrayEquals(new double[] {0.7, 0.8}, info.pixelSpacing());
        assertEquals(5.0, info.sliceLocation());
        assertEquals(info, images.info(ctSlice(2, "MONOCHROME2", true, false)), "records compare arrays by value");
    }

    @Test
    void rendersASeriesThroughRescaleAndWindow() throws IOException {
        List<Window> windows =
                List.of(new Window(40, 400), new Window(-600, 1500), new Window(2000, 5000), new Window(-2000, 40000));
        for (int slice = 0; slice < 3; slice++) {
            Path file = ctSlice(slice, "MONOCHROME2", true, slice == 1);
            for (Window window : windows) {
                assertGreys(images.render(file, 0, window), slice, window, false);
            }
            // No window asked for: the object's first one.
            assertGreys(images.render(file, 0, null), slice, new Window(40, 400), false);
        }
        // A few values worked out by hand for 40/400: the window spans -160 (exclusive) to 239 HU.
        BufferedImage image = images.render(ctSlice(0, "MONOCHROME2", true, false), 0, new Window(40, 400));
        int[][] expectations = {{-160, 0}, {-159, 1}, {40, 128}, {239, 255}, {240, 255}, {-1000, 0}};
        for (int[] expectation : expectations) {
            int[] at = where(expectation[0], 0);
            assertEquals(expectation[1], image.getRaster().getSample(at[0], at[1], 0), expectation[0] + " HU");
        }
    }

    @Test
    void widthOneThresholdsAndNarrowerWindowsUseTheExactFunction() throws IOException {
        Path file = ctSlice(0, "MONOCHROME2", false, false);
        assertGreys(images.render(file, 0, new Window(100.5, 1)), 0, new Window(100.5, 1), false);
        BufferedImage narrow = images.render(file, 0, new Window(100, 0.5));
        int[] below = where(99, 0);
        int[] at = where(100, 0);
        int[] above = where(101, 0);
        assertEquals(0, narrow.getRaster().getSample(below[0], below[1], 0));
        // LINEAR_EXACT: ((100 - 100) / 0.5 + 0.5) * 255 = 127.5, rounded.
        assertEquals(128, narrow.getRaster().getSample(at[0], at[1], 0));
        assertEquals(255, narrow.getRaster().getSample(above[0], above[1], 0));
        assertThrows(IllegalArgumentException.class, () -> new Window(40, 0));
    }

    @Test
    void withoutAnyWindowTheFrameRangeIsUsed() throws IOException {
        Path file = ctSlice(1, "MONOCHROME2", false, false);
        assertNull(images.info(file).defaultWindow());
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                low = Math.min(low, hounsfield(x, y, 1));
                high = Math.max(high, hounsfield(x, y, 1));
            }
        }
        // The window whose linear function maps low onto 0 and high onto 255.
        Window range = new Window((low + high) / 2 + 0.5, high - low + 1);
        BufferedImage image = images.render(file, 0, null);
        assertGreys(image, 1, range, false);
        int[] darkest = where(low, 1);
        int[] brightest = where(high, 1);
        assertEquals(0, image.getRaster().getSample(darkest[0], darkest[1], 0));
        assertEquals(255, image.getRaster().getSample(brightest[0], brightest[1], 0));
    }

    @Test
    void monochrome1IsInverted() throws IOException {
        Path file = ctSlice(2, "MONOCHROME1", true, true);
        assertGreys(images.render(file, 0, new Window(40, 400)), 2, new Window(40, 400), true);
        assertGreys(images.render(file, 0, null), 2, new Window(40, 400), true);
    }

    @Test
    void modalityValuesAreRescaledStoredValues() throws IOException {
        for (boolean extendSign : new boolean[] {false, true}) {
            float[] values = images.modalityValues(ctSlice(1, "MONOCHROME2", true, extendSign), 0);
            assertEquals(SIZE * SIZE, values.length);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    assertEquals((float) hounsfield(x, y, 1), values[y * SIZE + x], "(" + x + ", " + y + ")");
                }
            }
        }
    }

    /** A multi-frame 16-bit unsigned object with odd dimensions, frame f pixel i = 1000 f + 7 i. */
    static AttributeList multiFrame(int rows, int columns, int frames) {
        AttributeList list = object(UID.SecondaryCaptureImageStorage, "2.25.3000", "OT", "2.25.3001");
        imagePixel(list, rows, columns, frames, "MONOCHROME2", 16, 16, false);
        put(list, "RescaleSlope", 2);
        put(list, "RescaleIntercept", -5);
        short[] pixels = new short[rows * columns * frames];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < rows * columns; i++) {
                pixels[f * rows * columns + i] = (short) (1000 * f + 7 * i);
            }
        }
        return words(list, pixels);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                UID.ExplicitVRLittleEndian,
                UID.ImplicitVRLittleEndian,
                UID.ExplicitVRBigEndian,
                UID.DeflatedExplicitVRLittleEndian
            })
    void readsEachFrameOfAMultiFrameObject(String transferSyntax) throws IOException {
        int rows = 5;
        int columns = 7;
        Path file = write(multiFrame(rows, columns, 3), transferSyntax, temp.resolve("multi.dcm"));
        assertEquals(3, images.info(file).frames());
        Window window = new Window(2000, 4000);
        for (int frame = 0; frame < 3; frame++) {
            java.nio.ShortBuffer stored = java.nio.ByteBuffer.wrap(images.frameData(file, frame))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer();
            assertEquals(rows * columns, stored.remaining(), "frame " + frame + " in " + transferSyntax);
            for (int i = 0; i < rows * columns; i++) {
                assertEquals((short) (1000 * frame + 7 * i), stored.get(i), "frame " + frame + " sample " + i);
            }
            float[] values = images.modalityValues(file, frame);
            BufferedImage image = images.render(file, frame, window);
            assertEquals(columns, image.getWidth());
            assertEquals(rows, image.getHeight());
            for (int i = 0; i < rows * columns; i++) {
                double modality = (1000 * frame + 7 * i) * 2 - 5;
                assertEquals((float) modality, values[i], "frame " + frame + " pixel " + i);
                assertEquals(
                        linear(modality, 2000, 4000),
                        image.getRaster().getSample(i % columns, i / columns, 0),
                        "frame " + frame + " pixel " + i);
            }
        }
        IllegalArgumentException outOfRange =
                assertThrows(IllegalArgumentException.class, () -> images.render(file, 3, null));
        assertTrue(outOfRange.getMessage().contains("frame 3 out of range"), outOfRange.getMessage());
        assertThrows(IllegalArgumentException.class, () -> images.render(file, -1, null));
    }

    /**
     * Enhanced multi-frame objects keep rescale, window and position in functional groups: per
     * frame where they differ, shared where they do not.
     */
    @Test
    void functionalGroupsGiveEachFrameItsOwnRescaleWindowAndPosition() throws IOException {
        int rows = 5;
        int columns = 7;
        AttributeList list = multiFrame(rows, columns, 2);
        list.remove(ImageFixtures.tag("RescaleSlope"));
        list.remove(ImageFixtures.tag("RescaleIntercept"));
        AttributeList shared = new AttributeList();
        ImageFixtures.sequence(shared, "PixelMeasuresSequence", put(new AttributeList(), "PixelSpacing", 0.5, 0.5));
        ImageFixtures.sequence(
                shared,
                "PlaneOrientationSequence",
                put(new AttributeList(), "ImageOrientationPatient", 1, 0, 0, 0, 1, 0));
        ImageFixtures.sequence(list, "SharedFunctionalGroupsSequence", shared);
        AttributeList[] perFrame = new AttributeList[2];
        for (int f = 0; f < 2; f++) {
            perFrame[f] = new AttributeList();
            AttributeList rescale = new AttributeList();
            put(rescale, "RescaleSlope", f + 1);
            put(rescale, "RescaleIntercept", -100 * f);
            put(rescale, "RescaleType", "US");
            ImageFixtures.sequence(perFrame[f], "PixelValueTransformationSequence", rescale);
            AttributeList voi = new AttributeList();
            put(voi, "WindowCenter", 100 + f * 1000);
            put(voi, "WindowWidth", 200 + f * 1000);
            ImageFixtures.sequence(perFrame[f], "FrameVOILUTSequence", voi);
            ImageFixtures.sequence(
                    perFrame[f],
                    "PlanePositionSequence",
                    put(new AttributeList(), "ImagePositionPatient", 0, 0, 3 * f));
        }
        ImageFixtures.sequence(list, "PerFrameFunctionalGroupsSequence", perFrame);
        Path file = write(list, temp.resolve("enhanced.dcm"));

        ImageInfo info = images.info(file);
        assertEquals(1.0, info.rescaleSlope());
        assertEquals(0.0, info.rescaleIntercept());
        assertEquals(new Window(100, 200), info.defaultWindow());
        assertArrayEquals(new double[] {0, 0, 0}, info.imagePositionPatient());
        assertArrayEquals(new double[] {0.5, 0.5}, info.pixelSpacing());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, info.imageOrientationPatient());

        float[] second = images.modalityValues(file, 1);
        BufferedImage secondImage = images.render(file, 1, null);
        for (int i = 0; i < rows * columns; i++) {
            double modality = (1000 + 7 * i) * 2 - 100;
            assertEquals((float) modality, second[i]);
            assertEquals(linear(modality, 1100, 1200), secondImage.getRaster().getSample(i % columns, i / columns, 0));
        }
    }

    /** One service serves every viewer session: parallel renders of every codec give the same pixels. */
    @Test
    void parallelRendersAgree() throws Exception {
        List<Path> files = List.of(
                pydicom("MR_small_jp2klossless.dcm"),
                pydicom("SC_rgb_jpeg_dcmtk.dcm"),
                pydicom("SC_rgb_rle.dcm"),
                pydicom("CT_small.dcm"));
        List<int[]> expected = new java.util.ArrayList<>();
        for (Path file : files) {
            expected.add(pixels(images.render(file, 0, null)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int task = 0; task < 64; task++) {
                int index = task % files.size();
                results.add(pool.submit(() -> java.util.Arrays.equals(
                        expected.get(index), pixels(images.render(files.get(index), 0, null)))));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void rgbInBothPlanarConfigurations() throws IOException {
        int rows = 3;
        int columns = 5;
        int[] rgb = new int[rows * columns];
        Random random = new Random(7);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt(1 << 24);
        }
        for (int planar = 0; planar <= 1; planar++) {
            AttributeList list = object(UID.SecondaryCaptureImageStorage, "2.25.400" + planar, "OT", "2.25.4000");
            put(list, "Rows", rows);
            put(list, "Columns", columns);
            put(list, "SamplesPerPixel", 3);
            put(list, "PhotometricInterpretation", "RGB");
            put(list, "PlanarConfiguration", planar);
            put(list, "BitsAllocated", 8);
            put(list, "BitsStored", 8);
            put(list, "HighBit", 7);
            put(list, "PixelRepresentation", 0);
            byte[] bytes = new byte[rgb.length * 3 + 1];
            for (int i = 0; i < rgb.length; i++) {
                for (int sample = 0; sample < 3; sample++) {
                    byte value = (byte) (rgb[i] >>> (16 - 8 * sample));
                    bytes[planar == 0 ? 3 * i + sample : sample * rgb.length + i] = value;
                }
            }
            ImageFixtures.bytes(list, "PixelData", bytes);
            BufferedImage image = images.render(write(list, temp.resolve("rgb" + planar + ".dcm")), 0, null);
            assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
            for (int i = 0; i < rgb.length; i++) {
                assertEquals(rgb[i], image.getRGB(i % columns, i / columns) & 0xFFFFFF, "planar " + planar + " " + i);
            }
        }
    }

    /** The synthetic CT compressed by DCMTK (JPEG lossless, RLE) renders exactly as the original. */
    @Test
    void losslessCompressedByDcmtkRendersLikeTheOriginal() throws Exception {
        Assumptions.assumeTrue(
                PeerTools.onPath("dcmcjpeg") && PeerTools.onPath("dcmcrle"), "DCMTK missing: apt-get install dcmtk");
        Path original = ctSlice(1, "MONOCHROME2", true, true);
        Path jpeg = compress(List.of("dcmcjpeg", "+e1"), original, "jpeg-ll.dcm");
        Path rle = compress(List.of("dcmcrle"), original, "rle.dcm");
        assertEquals(UID.JPEGLosslessSV1, images.info(jpeg).transferSyntaxUid());
        assertEquals(UID.RLELossless, images.info(rle).transferSyntaxUid());
        float[] expected = images.modalityValues(original, 0);
        for (Path file : List.of(jpeg, rle)) {
            assertArrayEquals(images.frameData(original, 0), images.frameData(file, 0), file.toString());
            assertArrayEquals(expected, images.modalityValues(file, 0), file.toString());
            assertGreys(images.render(file, 0, null), 1, new Window(40, 400), false);
        }
    }

    /**
     * Multi-frame JPEG lossless: one fragment per frame, 1 KB fragments with a Basic Offset Table
     * (the frame's own fragments are read), and without one (the whole data set is read).
     */
    @Test
    void multiFrameJpegLosslessFragmentedEachWay() throws Exception {
        Assumptions.assumeTrue(PeerTools.onPath("dcmcjpeg"), "DCMTK missing: apt-get install dcmtk");
        int rows = 48;
        int columns = 40;
        AttributeList list = object(UID.SecondaryCaptureImageStorage, "2.25.5000", "OT", "2.25.5001");
        imagePixel(list, rows, columns, 4, "MONOCHROME2", 16, 16, false);
        short[] pixels = new short[rows * columns * 4];
        Random random = new Random(42);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) random.nextInt(1 << 16);
        }
        Path original = write(words(list, pixels), temp.resolve("noise.dcm"));
        Path perFrame = compress(List.of("dcmcjpeg", "+e1"), original, "per-frame.dcm");
        Path indexed = compress(List.of("dcmcjpeg", "+e1", "+fs", "1", "+ot"), original, "indexed.dcm");
        Path unindexed = compress(List.of("dcmcjpeg", "+e1", "+fs", "1", "-ot"), original, "unindexed.dcm");
        for (int frame = 0; frame < 4; frame++) {
            float[] expected = images.modalityValues(original, frame);
            for (int i = 0; i < rows * columns; i++) {
                assertEquals(pixels[frame * rows * columns + i] & 0xFFFF, expected[i]);
            }
            for (Path file : List.of(perFrame, indexed, unindexed)) {
                assertArrayEquals(expected, images.modalityValues(file, frame), file + " frame " + frame);
            }
        }
    }

    private Path compress(List<String> command, Path original, String name) throws Exception {
        Path target = temp.resolve(name);
        List<String> full = new java.util.ArrayList<>(command);
        full.add(original.toString());
        full.add(target.toString());
        assertEquals(0, PeerTools.run(full, temp.resolve(name + ".log")), String.join(" ", full));
        return target;
    }

    @Test
    void pydicomCtSmallRendersWithASaneWindow() throws IOException {
        Path file = pydicom("CT_small.dcm");
        ImageInfo info = images.info(file);
        assertEquals(128, info.rows());
        assertEquals(128, info.columns());
        assertTrue(info.signed());
        assertEquals(-1024.0, info.rescaleIntercept());
        assertNull(info.defaultWindow(), "CT_small.dcm has no window of its own");
        BufferedImage image = images.render(file, 0, null);
        assertEquals(128, image.getWidth());
        assertEquals(128, image.getHeight());
        // The fallback window spans the image's values (padding left out): black to white, many greys.
        int[] histogram = histogram(image);
        assertTrue(histogram[0] > 0 && histogram[255] > 0, "black and white both used");
        assertTrue(distinct(histogram) > 100, "only " + distinct(histogram) + " grey levels");
        // A soft tissue window on HU: air black, and a middle grey in between somewhere.
        BufferedImage softTissue = images.render(file, 0, new Window(40, 400));
        float[] hu = images.modalityValues(file, 0);
        for (int i = 0; i < hu.length; i++) {
            assertEquals(linear(hu[i], 40, 400), softTissue.getRaster().getSample(i % 128, i / 128, 0), "pixel " + i);
        }
    }

    /** pydicom's MR_small in every encoding it ships: the same modality values, the same rendering. */
    @Test
    void pydicomMrSmallIsTheSameInEveryTransferSyntax() throws IOException {
        Path reference = pydicom("MR_small.dcm");
        float[] expected = images.modalityValues(reference, 0);
        BufferedImage expectedImage = images.render(reference, 0, null);
        assertEquals(new Window(600, 1600), images.info(reference).defaultWindow());
        for (String name : List.of(
                "MR_small_implicit.dcm",
                "MR_small_bigendian.dcm",
                "MR_small_expb.dcm",
                "MR_small_padded.dcm",
                "MR_small_RLE.dcm",
                "MR_small_jp2klossless.dcm")) {
            Path file = pydicom(name);
            assertArrayEquals(images.frameData(reference, 0), images.frameData(file, 0), name);
            assertArrayEquals(expected, images.modalityValues(file, 0), name);
            assertArrayEquals(greys(expectedImage), greys(images.render(file, 0, null)), name);
        }
    }

    @Test
    void pydicomJpeg2000() throws IOException {
        BufferedImage image = images.render(pydicom("JPEG2000.dcm"), 0, null);
        assertEquals(256, image.getWidth());
        assertEquals(1024, image.getHeight());
        assertTrue(distinct(histogram(image)) > 50, "decoded to something flat");
    }

    /**
     * pydicom's colour bars: red, light red, green, light green, blue, light blue, black, greys,
     * white; the second frame of the two-frame files is their inverse.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "SC_rgb_rle.dcm",
                "SC_rgb_rle_2frame.dcm",
                "SC_rgb_rle_16bit.dcm",
                "SC_rgb_rle_32bit_2frame.dcm",
                "SC_rgb_dcmtk_+eb+cr.dcm",
                "SC_rgb_dcmtk_+eb+cy+n1.dcm",
                "SC_rgb_jpeg_dcmtk.dcm",
                "SC_ybr_full_422_uncompressed.dcm"
            })
    void pydicomColourBars(String name) throws IOException {
        Path file = pydicom(name);
        boolean lossy = !name.contains("rle");
        int[][] bars = {
            {255, 0, 0}, {255, 128, 128}, {0, 255, 0}, {128, 255, 128}, {0, 0, 255},
            {128, 128, 255}, {0, 0, 0}, {64, 64, 64}, {192, 192, 192}, {255, 255, 255}
        };
        for (int frame = 0; frame < images.info(file).frames(); frame++) {
            BufferedImage image = images.render(file, frame, null);
            assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
            for (int bar = 0; bar < bars.length; bar++) {
                int rgb = image.getRGB(50, 5 + 10 * bar);
                int[] actual = {rgb >>> 16 & 0xFF, rgb >>> 8 & 0xFF, rgb & 0xFF};
                int[] expected = bars[bar].clone();
                for (int c = 0; c < 3; c++) {
                    expected[c] = frame == 1 ? 255 - expected[c] : expected[c];
                }
                for (int c = 0; c < 3; c++) {
                    int tolerance = lossy ? 8 : 0;
                    assertTrue(
                            Math.abs(actual[c] - expected[c]) <= tolerance,
                            name + " frame " + frame + " bar " + bar + ": " + java.util.Arrays.toString(actual)
                                    + " instead of " + java.util.Arrays.toString(expected));
                }
            }
        }
    }

    @Test
    void codecsThatAreMissingAreIoExceptionsNamingTheTransferSyntax() {
        IOException jpegLs =
                assertThrows(IOException.class, () -> images.render(pydicom("MR_small_jpeg_ls_lossless.dcm"), 0, null));
        assertTrue(jpegLs.getMessage().contains(UID.JPEGLSLossless), jpegLs.getMessage());
        IOException extended =
                assertThrows(IOException.class, () -> images.render(pydicom("JPGExtended.dcm"), 0, null));
        assertTrue(extended.getMessage().contains(UID.JPEGExtended12Bit), extended.getMessage());
    }

    @Test
    void pydicomMultiFrameDose() throws IOException {
        Path file = pydicom("rtdose.dcm");
        ImageInfo info = images.info(file);
        assertEquals(15, info.frames());
        assertEquals(32, info.bitsAllocated());
        BufferedImage last = images.render(file, 14, null);
        assertEquals(10, last.getWidth());
        assertFalse(distinct(histogram(last)) < 2, "a dose frame is not flat");
        assertThrows(IllegalArgumentException.class, () -> images.render(file, 15, null));
        // The same frame read from the implicit VR file and from the big endian one.
        assertArrayEquals(images.modalityValues(file, 14), images.modalityValues(pydicom("rtdose_expb.dcm"), 14));
    }

    @Test
    void wrongKindsOfInputAreClearErrors() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.txt"), "not DICOM at all, just some text here");
        IOException notDicom = assertThrows(IOException.class, () -> images.render(text, 0, null));
        assertTrue(notDicom.getMessage().contains("not a DICOM file"), notDicom.getMessage());
        assertThrows(IOException.class, () -> images.info(text));

        Path report = pydicom("test-SR.dcm");
        IllegalArgumentException notImage =
                assertThrows(IllegalArgumentException.class, () -> images.render(report, 0, null));
        assertTrue(notImage.getMessage().contains("not an image"), notImage.getMessage());
        assertThrows(IllegalArgumentException.class, () -> images.info(report));

        IllegalArgumentException segmentation =
                assertThrows(IllegalArgumentException.class, () -> images.render(pydicom("liver_1frame.dcm"), 0, null));
        assertTrue(segmentation.getMessage().contains("segmentation("), segmentation.getMessage());

        IllegalArgumentException colour =
                assertThrows(IllegalArgumentException.class, () -> images.modalityValues(pydicom("SC_rgb_rle.dcm"), 0));
        assertTrue(colour.getMessage().contains("not a monochrome image"), colour.getMessage());
    }

    @Test
    void truncatedPixelDataIsAnIoException() throws IOException {
        Path whole = ctSlice(0, "MONOCHROME2", true, false);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(temp.resolve("truncated.dcm"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThrows(IOException.class, () -> images.render(truncated, 0, null));
    }

    @Test
    void writesPngThumbnailsAndOriginals() throws IOException {
        Path file = ctSlice(0, "MONOCHROME2", true, false);
        BufferedImage rendered = images.render(file, 0, null);

        ByteArrayOutputStream original = new ByteArrayOutputStream();
        images.writePng(file, 0, null, 0, original);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(original.toByteArray()));
        assertEquals(SIZE, decoded.getWidth());
        assertArrayEquals(greys(rendered), greys(decoded));

        boolean[] closed = {false};
        ByteArrayOutputStream thumbnailBytes = new ByteArrayOutputStream();
        FilterOutputStream watched = new FilterOutputStream(thumbnailBytes) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        images.writePng(file, 0, null, 16, watched);
        assertFalse(closed[0], "the caller's stream was closed");
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(thumbnailBytes.toByteArray()));
        assertEquals(16, thumbnail.getWidth());
        assertEquals(16, thumbnail.getHeight());
        // Scaling down averages: the thumbnail's mean grey is the original's, near enough.
        assertEquals(mean(rendered), mean(thumbnail), 4.0);

        ByteArrayOutputStream tall = new ByteArrayOutputStream();
        images.writePng(pydicom("JPEG2000.dcm"), 0, null, 128, tall);
        BufferedImage tallThumbnail = ImageIO.read(new ByteArrayInputStream(tall.toByteArray()));
        assertEquals(32, tallThumbnail.getWidth());
        assertEquals(128, tallThumbnail.getHeight());

        ByteArrayOutputStream larger = new ByteArrayOutputStream();
        images.writePng(file, 0, null, 1000, larger);
        assertEquals(
                SIZE,
                ImageIO.read(new ByteArrayInputStream(larger.toByteArray())).getWidth(),
                "never scaled up");
    }

    /**
     * How long a viewer waits for a 512x512 16-bit CT slice, warm. Printed, not asserted: timings
     * depend on the machine (bench/ holds comparisons).
     */
    @Test
    void renderTimeOf512CtSlice() throws IOException {
        int size = 512;
        AttributeList list = object(UID.CTImageStorage, "2.25.6000", "CT", "2.25.6001");
        imagePixel(list, size, size, 1, "MONOCHROME2", 16, 16, true);
        put(list, "RescaleIntercept", -1024);
        put(list, "RescaleSlope", 1);
        put(list, "WindowCenter", 40);
        put(list, "WindowWidth", 400);
        short[] pixels = new short[size * size];
        Random random = new Random(1);
        for (int i = 0; i < pixels.length; i++) {
            double r = Math.hypot(i % size - size / 2.0, i / size - size / 2.0);
            pixels[i] = (short) (r < 200 ? 1000 + random.nextInt(200) : r < 220 ? 2200 + random.nextInt(800) : 0);
        }
        Path file = write(words(list, pixels), temp.resolve("ct512.dcm"));
        for (int i = 0; i < 50; i++) {
            images.render(file, 0, null);
        }
        int runs = 200;
        long best = Long.MAX_VALUE;
        long start = System.nanoTime();
        BufferedImage image = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            image = images.render(file, 0, i % 2 == 0 ? null : new Window(400, 1800));
            best = Math.min(best, System.nanoTime() - t);
        }
        double average = (System.nanoTime() - start) / 1e6 / runs;
        long pngStart = System.nanoTime();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            png.reset();
            images.writePng(file, 0, null, 128, png);
        }
        double thumbnail = (System.nanoTime() - pngStart) / 1e6 / 20;
        System.out.printf(
                "render 512x512 16-bit CT (read + decode + rescale + window), warm: %.2f ms average, %.2f ms best;"
                        + " 128px PNG thumbnail %.2f ms%n",
                average, best / 1e6, thumbnail);
        assertEquals(size, image.getWidth());
        assertEquals(size, image.getHeight());
    }

    static int[] histogram(BufferedImage image) {
        int[] histogram = new int[256];
        for (int grey : greys(image)) {
            histogram[grey]++;
        }
        return histogram;
    }

    static int distinct(int[] histogram) {
        int count = 0;
        for (int n : histogram) {
            count += n > 0 ? 1 : 0;
        }
        return count;
    }

    static int[] greys(BufferedImage image) {
        return image.getRaster().getSamples(0, 0, image.getWidth(), image.getHeight(), 0, (int[]) null);
    }

    static double mean(BufferedImage image) {
        long sum = 0;
        int[] greys = greys(image);
        for (int grey : greys) {
            sum += grey;
        }
        return (double) sum / greys.length;
    }

    static Set<Integer> set(int[] values) {
        Set<Integer> set = new HashSet<>();
        for (int value : values) {
            set.add(value);
        }
        return set;
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
