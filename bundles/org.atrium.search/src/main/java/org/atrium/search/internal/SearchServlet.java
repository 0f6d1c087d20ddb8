package org.atrium.search.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.search.FacetRequest;
import org.atrium.search.FacetResult;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;
import org.atrium.web.Json;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v1/series|studies|patients} ({@code q}, {@code fq}..., {@code sort}, {@code
 * start}, {@code rows}) and {@code GET /api/v1/facets} ({@code q}, {@code fq}..., {@code field}...,
 * {@code range}..., {@code level}, {@code limit}). Bad queries answer 400, a missing index 503,
 * both with {@code {"error": "..."}}.
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=" + SearchServlet.SERIES,
            WebWhiteboard.PATTERN + "=" + SearchServlet.STUDIES,
            WebWhiteboard.PATTERN + "=" + SearchServlet.PATIENTS,
            WebWhiteboard.PATTERN + "=" + SearchServlet.FACETS,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class SearchServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String SERIES = "/api/v1/series";
    static final String STUDIES = "/api/v1/studies";
    static final String PATIENTS = "/api/v1/patients";
    static final String FACETS = "/api/v1/facets";

    private final transient MetadataSearch search;

    @Activate
    public SearchServlet(@Reference MetadataSearch search) {
        this.search = search;
    }

    /** A request the caller's HTTP status says no to. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Object body =
                    switch (request.getServletPath()) {
                        case SERIES -> search(request, SearchLevel.SERIES);
                        case STUDIES -> search(request, SearchLevel.STUDY);
                        case PATIENTS -> search(request, SearchLevel.PATIENT);
                        case FACETS -> facets(request);
                        default -> throw new Refused(HttpServletResponse.SC_NOT_FOUND, "no such resource");
                    };
            write(response, HttpServletResponse.SC_OK, body);
        } catch (Refused e) {
            write(response, e.status, Map.of("error", e.getMessage()));
        } catch (SearchException e) {
            int status = e.reason() == SearchException.Reason.BAD_QUERY
                    ? HttpServletResponse.SC_BAD_REQUEST
                    : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            write(response, status, Map.of("error", e.getMessage()));
        }
    }

    private Map<String, Object> search(HttpServletRequest request, SearchLevel level) throws SearchException, Refused {
        SearchResult result = search.search(new SearchRequest(
                level,
                request.getParameter("q"),
                list(request, "fq"),
                request.getParameter("sort"),
                integer(request, "start", 0),
                integer(request, "rows", SearchRequest.DEFAULT_ROWS)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("numFound", result.numFound());
        body.put("start", result.start());
        body.put("docs", result.docs());
        return body;
    }

    private FacetResult facets(HttpServletRequest request) throws SearchException, Refused {
        String levelName = request.getParameter("level");
        SearchLevel level;
        try {
            level = levelName == null || levelName.isBlank()
                    ? SearchLevel.SERIES
                    : SearchLevel.valueOf(levelName.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Refused(
                    HttpServletResponse.SC_BAD_REQUEST, "level is series, study or patient, not '" + levelName + "'");
        }
        return search.facets(new FacetRequest(
                level,
                request.getParameter("q"),
                list(request, "fq"),
                list(request, "field"),
                list(request, "range"),
                integer(request, "limit", FacetRequest.DEFAULT_LIMIT)));
    }

    private static List<String> list(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static int integer(HttpServletRequest request, String name, int fallback) throws Refused {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new Refused(
                    HttpServletResponse.SC_BAD_REQUEST, name + " must be a whole number from 0, not '" + value + "'");
        }
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(Json.CONTENT_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
