package org.atrium.dicom.internal;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import com.pixelmed.imageio.JPEGLosslessImageReaderSpi;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.spi.IIORegistry;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.image.EncapsulatedDocument;
import org.atrium.dicom.image.ImageInfo;
import org.atrium.dicom.image.Segmentation;
import org.atrium.dicom.image.StructuredReport;
import org.atrium.dicom.image.Window;
import org.atrium.dicom.internal.pixelmed.PixelMedClient;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.dicom.internal.pixelmed.PixelMedImages;
import org.atrium.dicom.internal.ul.UpperLayerClient;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The PixelMed-backed {@link DicomFiles}, {@link DicomClient} and {@link DicomImages}. Nodes
 * configured with TLS are served by our own upper layer ({@link UpperLayerClient}, TLS 1.2/1.3),
 * since PixelMed's client side offers TLSv1 only; plain nodes by PixelMed's. Registers
 * PixelMed's JPEG-lossless and jai-imageio's JPEG 2000 ImageIO readers while active: ImageIO's
 * service lookup does not see providers inside bundles, and image decoding needs them.
 */
@Component(
        service = {DicomFiles.class, DicomClient.class, DicomImages.class},
        configurationPid = DicomToolkitComponent.PID)
@Designate(ocd = DicomToolkitConfig.class)
public final class DicomToolkitComponent implements DicomFiles, DicomClient, DicomImages {

    public static final String PID = "org.atrium.dicom.toolkit";

    private final PixelMedFiles files = new PixelMedFiles();
    private final PixelMedImages images = new PixelMedImages(files);
    private final JPEGLosslessImageReaderSpi jpegLossless = new JPEGLosslessImageReaderSpi();
    private final J2KImageReaderSpi jpeg2000 = new J2KImageReaderSpi();
    private volatile PixelMedClient client;
    private volatile UpperLayerClient secureClient;

    @Activate
    public DicomToolkitComponent(DicomToolkitConfig config) {
        // Inside OSGi ImageIO's own service lookup does not see bundles: register the readers.
        IIORegistry.getDefaultInstance().registerServiceProvider(jpegLossless);
        IIORegistry.getDefaultInstance().registerServiceProvider(jpeg2000);
        client = new PixelMedClient(timeouts(config));
        secureClient = new UpperLayerClient(files, timeouts(config));
    }

    @Modified
    void modified(DicomToolkitConfig config) {
        PixelMedClient previous = client;
        client = new PixelMedClient(timeouts(config));
        secureClient = new UpperLayerClient(files, timeouts(config));
        // Operations already running keep their associations; only new ones use the new client.
        previous.close();
    }

    @Deactivate
    void deactivate() {
        client.close();
        IIORegistry.getDefaultInstance().deregisterServiceProvider(jpegLossless);
        IIORegistry.getDefaultInstance().deregisterServiceProvider(jpeg2000);
    }

    static ClientTimeouts timeouts(DicomToolkitConfig config) {
        return new ClientTimeouts(
                Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, config.responseTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, config.retrieveTimeoutSeconds())));
    }

    @Override
    public Attributes newAttributes() {
        return files.newAttributes();
    }

    @Override
    public Attributes readHeader(Path file) throws IOException {
        return files.readHeader(file);
    }

    @Override
    public Attributes readHeader(Path file, int... tags) throws IOException {
        return files.readHeader(file, tags);
    }

    @Override
    public Attributes read(Path file) throws IOException {
        return files.read(file);
    }

    @Override
    public Attributes decode(InputStream in, String transferSyntaxUid) throws IOException {
        return files.decode(in, transferSyntaxUid);
    }

    @Override
    public void encode(Attributes dataset, String transferSyntaxUid, OutputStream out) throws IOException {
        files.encode(dataset, transferSyntaxUid, out);
    }

    @Override
    public void write(Attributes dataset, String transferSyntaxUid, Path file) throws IOException {
        files.write(dataset, transferSyntaxUid, file);
    }

    @Override
    public int tagOf(String keyword) {
        return files.tagOf(keyword);
    }

    @Override
    public String keywordOf(int tag) {
        return files.keywordOf(tag);
    }

    /** The client for a node: our own upper layer for TLS, PixelMed's for plain TCP. */
    private DicomClient clientFor(DicomNode node) {
        return node != null && node.tls() != null ? secureClient : client;
    }

    @Override
    public Duration cecho(String callingAet, DicomNode node) throws IOException, DicomException {
        return clientFor(node).cecho(callingAet, node);
    }

    @Override
    public StoreReport cstore(String callingAet, DicomNode node, List<Path> paths) throws IOException, DicomException {
        return clientFor(node).cstore(callingAet, node, paths);
    }

    @Override
    public List<Attributes> cfind(String callingAet, DicomNode node, InformationModel model, Attributes keys)
            throws IOException, DicomException {
        return clientFor(node).cfind(callingAet, node, model, keys);
    }

    @Override
    public RetrieveReport cmove(
            String callingAet, DicomNode node, InformationModel model, Attributes keys, String destinationAet)
            throws IOException, DicomException {
        return clientFor(node).cmove(callingAet, node, model, keys, destinationAet);
    }

    @Override
    public RetrieveReport cget(
            String callingAet, DicomNode node, InformationModel model, Attributes keys, Path targetDir)
            throws IOException, DicomException {
        return clientFor(node).cget(callingAet, node, model, keys, targetDir);
    }

    @Override
    public ImageInfo info(Path file) throws IOException {
        return images.info(file);
    }

    @Override
    public BufferedImage render(Path file, int frame, Window window) throws IOException {
        return images.render(file, frame, window);
    }

    @Override
    public void writePng(Path file, int frame, Window window, int maxSize, OutputStream out) throws IOException {
        images.writePng(file, frame, window, maxSize, out);
    }

    @Override
    public float[] modalityValues(Path file, int frame) throws IOException {
        return images.modalityValues(file, frame);
    }

    @Override
    public byte[] frameData(Path file, int frame) throws IOException {
        return images.frameData(file, frame);
    }

    @Override
    public Segmentation segmentation(Path file) throws IOException {
        return images.segmentation(file);
    }

    @Override
    public StructuredReport structuredReport(Path file) throws IOException {
        return images.structuredReport(file);
    }

    @Override
    public EncapsulatedDocument encapsulatedDocument(Path file) throws IOException {
        return images.encapsulatedDocument(file);
    }
}
