package org.atrium.ui.vaadin.internal.viewer;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.image.EncapsulatedDocument;
import org.atrium.dicom.image.ImageInfo;
import org.atrium.dicom.image.SegmentFrame;
import org.atrium.dicom.image.Segmentation;
import org.atrium.dicom.image.Window;
import org.atrium.store.InstanceRecord;
import org.atrium.store.ResearchStore;
import org.atrium.web.WebUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer's pictures, for the logged-in browser session only: rendered frames with a window,
 * series thumbnails, SEG overlays (transparent PNG, a colour per segment) and encapsulated documents.
 *
 * <pre>
 * /images/instances/{sop}/{frame}.png?c=40&amp;w=400
 * /images/series/{uid}/thumbnail.png
 * /images/seg/{segSop}/{sourceSop}/{sourceFrame}.png?segments=1,2
 * /images/document/{sop}
 * </pre>
 */
public final class ImageServlet extends HttpServlet {

    public static final String PATTERN = "/images/*";
    /** The HTTP session attribute that holds the logged-in {@link WebUser}. */
    public static final String USER = "atrium.user";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ImageServlet.class);
    private static final String UID = "([0-9.]{1,64})";
    private static final Pattern FRAME = Pattern.compile("/instances/" + UID + "/([0-9]{1,6})\\.png");
    private static final Pattern THUMBNAIL = Pattern.compile("/series/" + UID + "/thumbnail\\.png");
    private static final Pattern OVERLAY = Pattern.compile("/seg/" + UID + "/" + UID + "/([0-9]{1,6})\\.png");
    private static final Pattern DOCUMENT = Pattern.compile("/document/" + UID);
    private static final int THUMBNAIL_SIZE = 128;
    private static final int OVERLAY_ALPHA = 0x90;
    private static final int UNPROCESSABLE = 422;

    private final transient ResearchStore store;
    private final transient DicomImages images;
    private final transient SegCache segmentations;

    public ImageServlet(ResearchStore store, DicomImages images, SegCache segmentations) {
        this.store = store;
        this.images = images;
        this.segmentations = segmentations;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(USER) instanceof WebUser)) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "log in first");
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            Matcher m;
            if ((m = FRAME.matcher(path)).matches()) {
                frame(m.group(1), Integer.parseInt(m.group(2)), window(request), response);
            } else if ((m = THUMBNAIL.matcher(path)).matches()) {
                thumbnail(m.group(1), response);
            } else if ((m = OVERLAY.matcher(path)).matches()) {
                overlay(m.group(1), m.group(2), Integer.parseInt(m.group(3)), segments(request), response);
            } else if ((m = DOCUMENT.matcher(path)).matches()) {
                document(m.group(1), response);
            } else {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such image resource");
            }
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (IOException e) {
            LOG.info("cannot render {}: {}", path, e.getMessage());
            if (!response.isCommitted()) {
                response.sendError(UNPROCESSABLE, "cannot render: " + e.getMessage());
            }
        }
    }

    private Optional<Path> file(String sopInstanceUid) {
        return store.instance(sopInstanceUid).map(store::file);
    }

    private void frame(String sop, int frame, Window window, HttpServletResponse response) throws IOException {
        Optional<Path> file = file(sop);
        if (file.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no instance " + sop);
            return;
        }
        png(response, out -> images.writePng(file.get(), frame, window, 0, out));
    }

    /**
     * The middle instance of the series (the store lists them by Instance Number), its middle
     * frame. One header is read, not the whole series: a dashboard asks for up to 100 of these.
     */
    private void thumbnail(String series, HttpServletResponse response) throws IOException {
        List<InstanceRecord> instances = store.instances(ResearchStore.Level.SERIES, series);
        if (instances.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no images in series " + series);
            return;
        }
        Path file = store.file(instances.get(instances.size() / 2));
        ImageInfo info;
        try {
            info = images.info(file);
        } catch (IOException | IllegalArgumentException notAnImage) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no images in series " + series);
            return;
        }
        if (info.rows() <= 0 || info.columns() <= 0) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no images in series " + series);
            return;
        }
        png(response, out -> images.writePng(file, Math.max(1, info.frames()) / 2, null, THUMBNAIL_SIZE, out));
    }

    private void overlay(
            String segSop, String sourceSop, int sourceFrame, Set<Integer> shown, HttpServletResponse response)
            throws IOException {
        Optional<Path> file = file(segSop);
        if (file.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no segmentation " + segSop);
            return;
        }
        Segmentation seg = segmentations.get(segSop, file.get());
        BufferedImage overlay = new BufferedImage(seg.columns(), seg.rows(), BufferedImage.TYPE_INT_ARGB);
        for (SegmentFrame frame : seg.framesOf(sourceSop)) {
            Integer onFrame = frame.sourceFrameNumber();
            if (onFrame != null && onFrame != sourceFrame + 1) {
                continue;
            }
            if (shown != null && !shown.contains(frame.segmentNumber())) {
                continue;
            }
            var segment = seg.segment(frame.segmentNumber());
            int argb = (OVERLAY_ALPHA << 24) | ((segment == null ? 0xFF0000 : segment.rgb()) & 0xFFFFFF);
            var mask = frame.mask();
            int columns = frame.columns();
            for (int i = mask.nextSetBit(0); i >= 0 && i < columns * frame.rows(); i = mask.nextSetBit(i + 1)) {
                overlay.setRGB(i % columns, i / columns, argb);
            }
        }
        png(response, out -> ImageIO.write(overlay, "png", out));
    }

    private void document(String sop, HttpServletResponse response) throws IOException {
        Optional<Path> file = file(sop);
        if (file.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no instance " + sop);
            return;
        }
        EncapsulatedDocument document = images.encapsulatedDocument(file.get());
        String type = document.mimeType() == null || document.mimeType().isBlank()
                ? "application/octet-stream"
                : document.mimeType();
        response.setContentType(type);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Disposition", "inline");
        response.setHeader("Cache-Control", "private, max-age=3600");
        response.setContentLength(document.bytes().length);
        response.getOutputStream().write(document.bytes());
    }

    @FunctionalInterface
    private interface PngWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Renders completely before sending, so that a failure is an error status, not half a picture. */
    private static void png(HttpServletResponse response, PngWriter writer) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        writer.write(buffer);
        response.setContentType("image/png");
        // One URL is always the same picture: the browser may keep it while the session lasts.
        response.setHeader("Cache-Control", "private, max-age=3600");
        response.setContentLength(buffer.size());
        buffer.writeTo(response.getOutputStream());
    }

    static Window window(HttpServletRequest request) {
        String c = request.getParameter("c");
        String w = request.getParameter("w");
        if (c == null || w == null || c.isBlank() || w.isBlank()) {
            return null;
        }
        try {
            double width = Double.parseDouble(w);
            double center = Double.parseDouble(c);
            if (!(width >= 1) || !Double.isFinite(center) || !Double.isFinite(width)) {
                throw new IllegalArgumentException("window width must be at least 1: " + w);
            }
            return new Window(center, width);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("window centre and width must be numbers");
        }
    }

    static Set<Integer> segments(HttpServletRequest request) {
        String value = request.getParameter("segments");
        if (value == null) {
            return null;
        }
        Set<Integer> numbers = new HashSet<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                try {
                    numbers.add(Integer.parseInt(part.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("segments must be numbers: " + value);
                }
            }
        }
        return numbers;
    }
}
