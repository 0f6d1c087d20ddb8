package org.atrium.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.display.SourceImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.atrium.dicom.image.DicomImages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The toolkit component registers the JPEG lossless and JPEG 2000 readers itself (ImageIO's own
 * lookup does not see OSGi bundles); with them PixelMed decodes those objects' pixels.
 */
class ImageCodecsTest {

    private static final Path TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @Test
    void decodesJpeg2000AndJpegLosslessPixels() throws Exception {
        Assumptions.assumeTrue(
                Files.isDirectory(TEST_FILES), "pydicom test files missing: apt-get install python3-pydicom");
        DicomToolkitConfig defaults = (DicomToolkitConfig) java.lang.reflect.Proxy.newProxyInstance(
                DicomToolkitConfig.class.getClassLoader(),
                new Class<?>[] {DicomToolkitConfig.class},
                (proxy, method, args) -> method.getName().equals("annotationType")
                        ? DicomToolkitConfig.class
                        : method.getDefaultValue());
        DicomToolkitComponent toolkit = new DicomToolkitComponent(defaults);
        try {
            assertTrue(ImageIO.getImageReadersByFormatName("jpeg2000").hasNext(), "no JPEG 2000 reader registered");
            for (String name : new String[] {"MR_small_jp2klossless.dcm", "JPEG2000.dcm"}) {
                AttributeList list = new AttributeList();
                list.read(TEST_FILES.resolve(name).toString());
                BufferedImage image = new SourceImage(list).getBufferedImage(0);
                assertEquals(
                        Integer.parseInt(
                                list.get(com.pixelmed.dicom.TagFromName.Columns).getSingleStringValueOrEmptyString()),
                        image.getWidth(),
                        name);
                Raster raster = image.getRaster();
                int nonZero = 0;
                for (int y = 0; y < raster.getHeight(); y++) {
                    for (int x = 0; x < raster.getWidth(); x++) {
                        if (raster.getSample(x, y, 0) != 0) {
                            nonZero++;
                        }
                    }
                }
                assertTrue(
                        nonZero > raster.getWidth() * raster.getHeight() / 4,
                        name + ": decoded pixels are mostly zero");
            }
            // The same component is the DicomImages service, whose decoding relies on these readers.
            DicomImages images = toolkit;
            assertArrayEquals(
                    images.modalityValues(TEST_FILES.resolve("MR_small.dcm"), 0),
                    images.modalityValues(TEST_FILES.resolve("MR_small_jp2klossless.dcm"), 0));
        } finally {
            toolkit.deactivate();
        }
    }
}
