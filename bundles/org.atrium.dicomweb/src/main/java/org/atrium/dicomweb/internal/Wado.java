package org.atrium.dicomweb.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.image.ImageInfo;
import org.atrium.dicom.image.Window;
import org.atrium.store.InstanceRecord;
import org.atrium.store.ResearchStore;
import org.atrium.store.ResearchStore.Level;

/**
 * WADO-RS (PS3.18 10.4): instances as stored, metadata as DICOM JSON, frames uncompressed,
 * rendered frames as JPEG or PNG. Files are streamed from the store, never read whole.
 */
final class Wado {

    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    private static final Set<String> RENDER_PARAMETERS = Set.of("window", "quality", "viewport", "annotation");

    private final ResearchStore store;
    private final DicomFiles dicom;
    private final DicomImages images;

    Wado(ResearchStore store, DicomFiles dicom, DicomImages images) {
        this.store = store;
        this.dicom = dicom;
        this.images = images;
    }

    /** A study, series or instance as {@code multipart/related; type="application/dicom"}. */
    void retrieve(HttpServletRequest request, HttpServletResponse response, String study, String series, String sop)
            throws DicomWebException, IOException {
        List<InstanceRecord> instances = instances(study, series, sop);
        boolean single = false;
        boolean acceptable = false;
        String refusal = null;
        for (MediaType range : accepted(request)) {
            boolean multipart = range.admits("multipart", "related")
                    && (range.parameter("type") == null
                            || range.parameter("type").equalsIgnoreCase("application/dicom"));
            boolean part10 = sop != null
                    && range.type().equals("application")
                    && range.subtype().equals("dicom");
            if (multipart || part10) {
                refusal = transferSyntaxRefusal(range, instances);
                if (refusal == null) {
                    single = part10;
                    acceptable = true;
                    break;
                }
            }
        }
        if (!acceptable) {
            throw notAcceptable(
                    request,
                    refusal != null
                            ? refusal
                            : "instances are sent as multipart/related; type=\"application/dicom\""
                                    + (sop != null ? " or, for one instance, application/dicom" : ""));
        }
        response.setStatus(HttpServletResponse.SC_OK);
        if (single) {
            InstanceRecord instance = instances.get(0);
            Path file = store.file(instance);
            response.setContentType("application/dicom; transfer-syntax=" + instance.transferSyntaxUid());
            response.setContentLengthLong(Files.size(file));
            try (InputStream in = store.open(instance)) {
                in.transferTo(response.getOutputStream());
            }
            return;
        }
        MultipartWriter multipart = new MultipartWriter(response.getOutputStream());
        response.setContentType(multipart.contentType("application/dicom"));
        String base = DicomWebServlet.base(request);
        for (InstanceRecord instance : instances) {
            Path file = store.file(instance);
            OutputStream part = multipart.part(
                    "application/dicom; transfer-syntax=" + instance.transferSyntaxUid(),
                    Files.size(file),
                    base + "/studies/" + instance.studyInstanceUid() + "/series/" + instance.seriesInstanceUid()
                            + "/instances/" + instance.sopInstanceUid());
            try (InputStream in = store.open(instance)) {
                in.transferTo(part);
            }
        }
        multipart.finish();
    }

    /** The headers of a study's, series' or instance's objects as a DICOM JSON array, bulk data left out. */
    void metadata(HttpServletRequest request, HttpServletResponse response, String study, String series, String sop)
            throws DicomWebException, IOException {
        Qido.requireJson(request, "WADO-RS metadata");
        List<InstanceRecord> instances = instances(study, series, sop);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(Qido.DICOM_JSON);
        response.setCharacterEncoding("UTF-8");
        Writer out = response.getWriter();
        out.write('[');
        boolean first = true;
        for (InstanceRecord instance : instances) {
            Attributes header = dicom.readHeader(store.file(instance));
            DicomJson json = DicomJson.of(header);
            json.put(QidoAttributes.AVAILABLE_TRANSFER_SYNTAX_UID, "UI", instance.transferSyntaxUid());
            if (!first) {
                out.write(',');
            }
            first = false;
            json.write(out);
        }
        out.write(']');
    }

    /** Frames as {@code multipart/related; type="application/octet-stream"}, uncompressed. */
    void frames(
            HttpServletRequest request,
            HttpServletResponse response,
            String study,
            String series,
            String sop,
            String frameList)
            throws DicomWebException, IOException {
        InstanceRecord instance = instances(study, series, sop).get(0);
        Path file = store.file(instance);
        List<Integer> frames = frameNumbers(frameList, image(file, sop));
        boolean acceptable = false;
        for (MediaType range : accepted(request)) {
            if (range.admits("multipart", "related")) {
                String type = range.parameter("type");
                String syntax = range.parameter("transfer-syntax");
                if ((type == null || type.equalsIgnoreCase("application/octet-stream"))
                        && (syntax == null || syntax.equals("*") || syntax.equals(EXPLICIT_VR_LITTLE_ENDIAN))) {
                    acceptable = true;
                    break;
                }
            }
        }
        if (!acceptable) {
            throw notAcceptable(
                    request,
                    "frames are sent uncompressed as multipart/related; type=\"application/octet-stream\""
                            + " (transfer syntax " + EXPLICIT_VR_LITTLE_ENDIAN + ")");
        }
        List<byte[]> data = new ArrayList<>(frames.size());
        for (int frame : frames) {
            data.add(frameData(file, frame, sop));
        }
        response.setStatus(HttpServletResponse.SC_OK);
        MultipartWriter multipart = new MultipartWriter(response.getOutputStream());
        response.setContentType(multipart.contentType("application/octet-stream"));
        String location = DicomWebServlet.base(request) + "/studies/" + study + "/series/" + series + "/instances/"
                + sop + "/frames/";
        for (int i = 0; i < frames.size(); i++) {
            byte[] bytes = data.get(i);
            multipart
                    .part(
                            "application/octet-stream; transfer-syntax=" + EXPLICIT_VR_LITTLE_ENDIAN,
                            bytes.length,
                            location + frames.get(i))
                    .write(bytes);
        }
        multipart.finish();
    }

    /** One frame (the first unless given) as image/jpeg or image/png, windowed. */
    void rendered(
            HttpServletRequest request,
            HttpServletResponse response,
            String study,
            String series,
            String sop,
            String frameList)
            throws DicomWebException, IOException {
        InstanceRecord instance = instances(study, series, sop).get(0);
        Path file = store.file(instance);
        ImageInfo info = image(file, sop);
        int frame = 1;
        if (frameList != null) {
            List<Integer> frames = frameNumbers(frameList, info);
            if (frames.size() != 1) {
                throw bad("rendered frames are one frame at a time, not " + frameList);
            }
            frame = frames.get(0);
        }
        for (String name : request.getParameterMap().keySet()) {
            if (!RENDER_PARAMETERS.contains(name)) {
                throw bad("unknown parameter '" + name + "' for rendered resources (window, quality, viewport,"
                        + " annotation)");
            }
        }
        Window window = window(request.getParameter("window"));
        int quality = quality(request.getParameter("quality"));
        int[] viewport = viewport(request.getParameter("viewport"));
        String format = null;
        for (MediaType range : accepted(request)) {
            if (range.admits("image", "jpeg")) {
                format = "jpeg";
                break;
            }
            if (range.admits("image", "png")) {
                format = "png";
                break;
            }
        }
        if (format == null) {
            throw notAcceptable(request, "rendered images are image/jpeg or image/png");
        }
        BufferedImage image;
        try {
            image = images.render(file, frame - 1, window);
        } catch (IllegalArgumentException e) {
            throw bad("cannot render instance " + sop + ": " + hidePath(e.getMessage(), file, sop));
        } catch (IOException e) {
            throw new DicomWebException(
                    HttpServletResponse.SC_NOT_IMPLEMENTED,
                    "cannot decode instance " + sop + ": " + hidePath(e.getMessage(), file, sop));
        }
        if (viewport != null) {
            image = fit(image, viewport[0], viewport[1]);
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("image/" + format);
        write(image, format, quality, response.getOutputStream());
    }

    /** The instances a path names, in series and instance number order; 404 when there are none. */
    private List<InstanceRecord> instances(String study, String series, String sop) throws DicomWebException {
        List<InstanceRecord> found = new ArrayList<>();
        if (sop != null) {
            store.instance(sop)
                    .filter(i -> i.studyInstanceUid().equals(study)
                            && i.seriesInstanceUid().equals(series))
                    .ifPresent(found::add);
        } else if (series != null) {
            for (InstanceRecord instance : store.instances(Level.SERIES, series)) {
                if (instance.studyInstanceUid().equals(study)) {
                    found.add(instance);
                }
            }
        } else {
            found.addAll(store.instances(Level.STUDY, study));
        }
        if (found.isEmpty()) {
            throw new DicomWebException(
                    HttpServletResponse.SC_NOT_FOUND,
                    sop != null
                            ? "no instance " + sop + " in series " + series + " of study " + study
                            : series != null ? "no series " + series + " in study " + study : "no study " + study);
        }
        found.sort(Comparator.comparing(InstanceRecord::seriesInstanceUid)
                .thenComparing(i -> i.instanceNumber() == null ? Integer.MAX_VALUE : i.instanceNumber())
                .thenComparing(InstanceRecord::sopInstanceUid));
        return found;
    }

    /**
     * Why a range's transfer syntax cannot be served, or null: it must be the one every instance
     * is stored in, since instances are sent as received, never transcoded.
     */
    private static String transferSyntaxRefusal(MediaType range, List<InstanceRecord> instances) {
        String wanted = range.parameter("transfer-syntax");
        if (wanted == null || wanted.equals("*")) {
            return null;
        }
        for (InstanceRecord instance : instances) {
            if (!instance.transferSyntaxUid().equals(wanted)) {
                return "instance " + instance.sopInstanceUid() + " is stored in transfer syntax "
                        + instance.transferSyntaxUid() + " and instances are not transcoded;"
                        + " ask for transfer-syntax=* or " + instance.transferSyntaxUid();
            }
        }
        return null;
    }

    private ImageInfo image(Path file, String sop) throws DicomWebException, IOException {
        ImageInfo info;
        try {
            info = images.info(file);
        } catch (IllegalArgumentException e) {
            throw bad("instance " + sop + " has no frames: " + hidePath(e.getMessage(), file, sop));
        }
        return info;
    }

    private byte[] frameData(Path file, int frame, String sop) throws DicomWebException {
        try {
            return images.frameData(file, frame - 1);
        } catch (IllegalArgumentException e) {
            throw bad(
                    "cannot give frame " + frame + " of instance " + sop + ": " + hidePath(e.getMessage(), file, sop));
        } catch (IOException e) {
            throw new DicomWebException(
                    HttpServletResponse.SC_NOT_IMPLEMENTED,
                    "cannot decode frame " + frame + " of instance " + sop + ": "
                            + hidePath(e.getMessage(), file, sop));
        }
    }

    /** Frame numbers from 1, comma separated; 404 for a frame the instance does not have. */
    static List<Integer> frameNumbers(String list, ImageInfo info) throws DicomWebException {
        List<Integer> frames = new ArrayList<>();
        for (String piece : list.split(",", -1)) {
            int frame;
            try {
                frame = Integer.parseInt(piece.trim());
            } catch (NumberFormatException e) {
                throw bad("frame numbers are whole numbers from 1, comma separated, not '" + list + "'");
            }
            if (frame < 1) {
                throw bad("frame numbers start at 1, not " + frame);
            }
            if (frame > info.frames()) {
                throw new DicomWebException(
                        HttpServletResponse.SC_NOT_FOUND,
                        "no frame " + frame + ": the instance has " + info.frames() + " frame(s)");
            }
            frames.add(frame);
        }
        return frames;
    }

    /** {@code window=center,width[,function]}: linear (or linear-exact, done by the same function). */
    static Window window(String text) throws DicomWebException {
        if (text == null) {
            return null;
        }
        String[] pieces = text.split(",", -1);
        if (pieces.length < 2 || pieces.length > 3) {
            throw bad("window is center,width,function, not '" + text + "'");
        }
        if (pieces.length == 3) {
            String function = pieces[2].trim().toLowerCase(java.util.Locale.ROOT);
            if (!function.equals("linear") && !function.equals("linear-exact")) {
                throw bad("only the linear window function is supported, not '" + pieces[2].trim() + "'");
            }
        }
        try {
            return new Window(Double.parseDouble(pieces[0].trim()), Double.parseDouble(pieces[1].trim()));
        } catch (IllegalArgumentException e) {
            throw bad("window is center,width,function with numbers and a width above 0, not '" + text + "'");
        }
    }

    private static int quality(String text) throws DicomWebException {
        if (text == null) {
            return 90;
        }
        try {
            int quality = Integer.parseInt(text.trim());
            if (quality >= 1 && quality <= 100) {
                return quality;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw bad("quality is a whole number from 1 to 100, not '" + text + "'");
    }

    /** {@code viewport=vw,vh}: the largest size of the image, scaled down to fit. */
    private static int[] viewport(String text) throws DicomWebException {
        if (text == null) {
            return null;
        }
        String[] pieces = text.split(",", -1);
        if (pieces.length != 2) {
            throw bad("viewport is vw,vh (no source region), not '" + text + "'");
        }
        try {
            int width = Integer.parseInt(pieces[0].trim());
            int height = Integer.parseInt(pieces[1].trim());
            if (width >= 1 && height >= 1 && width <= 8192 && height <= 8192) {
                return new int[] {width, height};
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw bad("viewport is vw,vh with whole numbers from 1 to 8192, not '" + text + "'");
    }

    private static BufferedImage fit(BufferedImage image, int width, int height) {
        double scale = Math.min(1, Math.min((double) width / image.getWidth(), (double) height / image.getHeight()));
        if (scale >= 1) {
            return image;
        }
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage scaled = new BufferedImage(w, h, image.getType());
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return scaled;
    }

    private static void write(BufferedImage image, String format, int quality, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                parameters.setCompressionQuality(quality / 100f);
            }
            writer.write(null, new IIOImage(image, null, null), parameters);
        } finally {
            writer.dispose();
        }
        out.flush();
    }

    private static List<MediaType> accepted(HttpServletRequest request) {
        return MediaType.accepted(Collections.list(request.getHeaders("Accept")));
    }

    /** The toolkit's messages name the file; the client knows the object by its UID. */
    private static String hidePath(String message, Path file, String sop) {
        return message == null ? "" : message.replace(file.toString(), "instance " + sop);
    }

    private static DicomWebException notAcceptable(HttpServletRequest request, String offer) {
        return new DicomWebException(
                HttpServletResponse.SC_NOT_ACCEPTABLE,
                offer + "; Accept was " + String.join(", ", Collections.list(request.getHeaders("Accept"))));
    }

    private static DicomWebException bad(String message) {
        return new DicomWebException(HttpServletResponse.SC_BAD_REQUEST, message);
    }
}
