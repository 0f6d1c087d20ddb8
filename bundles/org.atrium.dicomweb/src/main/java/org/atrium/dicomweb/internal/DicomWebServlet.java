package org.atrium.dicomweb.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.DicomImages;
import org.atrium.store.ResearchStore;
import org.atrium.store.ResearchStore.Level;
import org.atrium.web.Json;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DICOMweb (PS3.18) on the research store under {@code /dicomweb}: QIDO-RS searches, WADO-RS
 * retrieval of instances, metadata, frames and rendered images, STOW-RS uploads. Researchers and
 * administrators only, authenticated by the platform. Refused requests answer a 4xx with a JSON
 * {@code {"status", "error", "message"}} and leave an INFO line saying why.
 */
@Component(
        service = Servlet.class,
        configurationPid = "org.atrium.dicomweb",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
            WebWhiteboard.PATTERN + "=" + DicomWebServlet.PATTERN,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER
        })
@Designate(ocd = DicomWebConfig.class)
public final class DicomWebServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DicomWebServlet.class);

    static final String PATTERN = "/dicomweb/*";

    private final transient Qido qido;
    private final transient Wado wado;
    private final transient Stow stow;

    @Activate
    public DicomWebServlet(
            @Reference ResearchStore store,
            @Reference DicomFiles dicom,
            @Reference DicomImages images,
            DicomWebConfig config) {
        this.qido = new Qido(store, dicom);
        this.wado = new Wado(store, dicom, images);
        this.stow = new Stow(store, dicom);
        modified(config);
    }

    @Modified
    void modified(DicomWebConfig config) {
        qido.maxResults(Math.max(1, config.maxResults()));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response, () -> get(request, response, segments(request)));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response, () -> {
            List<String> path = segments(request);
            if (path.size() == 1 && path.get(0).equals("studies")) {
                stow.store(request, response, null);
            } else if (path.size() == 2 && path.get(0).equals("studies")) {
                stow.store(request, response, uid(path.get(1)));
            } else {
                throw new DicomWebException(
                        HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                        "POST (STOW-RS) goes to /dicomweb/studies or /dicomweb/studies/{study}");
            }
        });
    }

    private void get(HttpServletRequest request, HttpServletResponse response, List<String> path)
            throws DicomWebException, IOException {
        int n = path.size();
        if (n == 0) {
            throw notFound(request);
        }
        switch (path.get(0)) {
            case "series" -> {
                if (n == 1) {
                    qido.search(request, response, Level.SERIES, Map.of());
                    return;
                }
            }
            case "instances" -> {
                if (n == 1) {
                    qido.search(request, response, Level.INSTANCE, Map.of());
                    return;
                }
            }
            case "studies" -> {
                studies(request, response, path);
                return;
            }
            default -> {
                // said below
            }
        }
        throw notFound(request);
    }

    /** Everything under {@code /studies}. */
    private void studies(HttpServletRequest request, HttpServletResponse response, List<String> path)
            throws DicomWebException, IOException {
        int n = path.size();
        if (n == 1) {
            qido.search(request, response, Level.STUDY, Map.of());
            return;
        }
        String study = uid(path.get(1));
        if (n == 2) {
            wado.retrieve(request, response, study, null, null);
            return;
        }
        String third = path.get(2);
        if (n == 3) {
            switch (third) {
                case "metadata" -> wado.metadata(request, response, study, null, null);
                case "series" -> qido.search(request, response, Level.SERIES, scope(study, null));
                case "instances" -> qido.search(request, response, Level.INSTANCE, scope(study, null));
                default -> throw notFound(request);
            }
            return;
        }
        if (!third.equals("series")) {
            throw notFound(request);
        }
        String series = uid(path.get(3));
        if (n == 4) {
            wado.retrieve(request, response, study, series, null);
            return;
        }
        String fifth = path.get(4);
        if (n == 5) {
            switch (fifth) {
                case "metadata" -> wado.metadata(request, response, study, series, null);
                case "instances" -> qido.search(request, response, Level.INSTANCE, scope(study, series));
                default -> throw notFound(request);
            }
            return;
        }
        if (!fifth.equals("instances")) {
            throw notFound(request);
        }
        String instance = uid(path.get(5));
        if (n == 6) {
            wado.retrieve(request, response, study, series, instance);
        } else if (n == 7 && path.get(6).equals("metadata")) {
            wado.metadata(request, response, study, series, instance);
        } else if (n == 7 && path.get(6).equals("rendered")) {
            wado.rendered(request, response, study, series, instance, null);
        } else if (n == 8 && path.get(6).equals("frames")) {
            wado.frames(request, response, study, series, instance, path.get(7));
        } else if (n == 9 && path.get(6).equals("frames") && path.get(8).equals("rendered")) {
            wado.rendered(request, response, study, series, instance, path.get(7));
        } else {
            throw notFound(request);
        }
    }

    private static Map<String, String> scope(String study, String series) {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("StudyInstanceUID", study);
        if (series != null) {
            scope.put("SeriesInstanceUID", series);
        }
        return scope;
    }

    interface Handler {
        void run() throws DicomWebException, IOException;
    }

    /** Runs a request; refusals become JSON errors, anything unexpected a 500 without details. */
    private static void handle(HttpServletRequest request, HttpServletResponse response, Handler handler)
            throws IOException {
        try {
            handler.run();
        } catch (DicomWebException e) {
            LOG.info(
                    "DICOMweb {} {} by {}: {} {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getRemoteUser(),
                    e.status(),
                    e.getMessage());
            error(response, e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            // A malformed header (Accept, Content-Type) found while parsing it.
            LOG.info(
                    "DICOMweb {} {} by {}: 400 {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getRemoteUser(),
                    e.getMessage());
            error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (IOException e) {
            if (response.isCommitted()) {
                // Usually the client went away in the middle of a response.
                LOG.info("DICOMweb {} {} ended early: {}", request.getMethod(), request.getRequestURI(), e.toString());
                return;
            }
            LOG.error("DICOMweb {} {} failed", request.getMethod(), request.getRequestURI(), e);
            error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "the request failed; see the server log");
        } catch (RuntimeException e) {
            LOG.error("DICOMweb {} {} failed", request.getMethod(), request.getRequestURI(), e);
            error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "the request failed; see the server log");
        }
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(status);
        response.setContentType(Json.CONTENT_TYPE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", reason(status));
        body.put("message", message);
        response.getWriter().write(Json.write(body));
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 415 -> "Unsupported Media Type";
            case 501 -> "Not Implemented";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    private static List<String> segments(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/")) {
            return List.of();
        }
        List<String> segments = new java.util.ArrayList<>();
        Collections.addAll(segments, info.substring(1).split("/", -1));
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1); // a trailing slash
        }
        return segments;
    }

    static String uid(String text) throws DicomWebException {
        if (text.length() > 64 || !text.matches("[0-9]+(\\.[0-9]+)*")) {
            throw new DicomWebException(HttpServletResponse.SC_BAD_REQUEST, "'" + text + "' is not a UID");
        }
        return text;
    }

    private static DicomWebException notFound(HttpServletRequest request) {
        return new DicomWebException(
                HttpServletResponse.SC_NOT_FOUND,
                "no DICOMweb resource " + request.getRequestURI()
                        + " (QIDO-RS: /studies, /series, /instances and below a study or series;"
                        + " WADO-RS: /studies/{study}[/series/{series}[/instances/{instance}]][/metadata],"
                        + " .../frames/{frames}[/rendered], .../rendered; STOW-RS: POST /studies)");
    }

    /** The URL of {@code /dicomweb} as the client reached it, for Retrieve URLs. */
    static String base(HttpServletRequest request) {
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return request.getScheme() + "://" + host + ":" + request.getServerPort() + request.getContextPath()
                + request.getServletPath();
    }
}
