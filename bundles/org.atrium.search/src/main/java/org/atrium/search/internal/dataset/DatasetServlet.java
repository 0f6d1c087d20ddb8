package org.atrium.search.internal.dataset;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;
import org.atrium.store.Dataset;
import org.atrium.store.Datasets;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;
import org.atrium.web.Json;
import org.atrium.web.JsonReader;
import org.atrium.web.Requests;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code /api/v1/datasets}: cohorts as REST.
 *
 * <pre>
 * GET    /api/v1/datasets                  list
 * POST   /api/v1/datasets                  {"name": …, "query": …} or {"name": …, "series": [uid, …]}
 * GET    /api/v1/datasets/{id}             the dataset and its series (a saved query is evaluated)
 * PATCH  /api/v1/datasets/{id}             {"name": …}
 * DELETE /api/v1/datasets/{id}
 * POST   /api/v1/datasets/{id}/series      {"series": [uid, …]} adds
 * DELETE /api/v1/datasets/{id}/series      {"series": [uid, …]} removes
 * GET    /api/v1/datasets/{id}/export.csv  one row per series
 * </pre>
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=/api/v1/datasets",
            WebWhiteboard.PATTERN + "=/api/v1/datasets/*",
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class DatasetServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Series of a saved query are fetched in pages of this size, up to {@link #MAX_SERIES}. */
    private static final int MAX_SERIES = 100_000;

    static final List<String> CSV_COLUMNS = List.of(
            "SeriesInstanceUID",
            "StudyInstanceUID",
            "PatientID",
            "PatientName",
            "StudyDate",
            "Modality",
            "BodyPartExamined",
            "SeriesDescription",
            "NumberOfSeriesRelatedInstances");

    private final transient Datasets datasets;
    private final transient ResearchStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile MetadataSearch search;

    @Activate
    public DatasetServlet(@Reference Datasets datasets, @Reference ResearchStore store) {
        this.datasets = datasets;
        this.store = store;
    }

    private static long id(String text) throws BadRequest {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequest(HttpServletResponse.SC_NOT_FOUND, "no dataset '" + text + "'");
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            List<String> path = Requests.pathParts(request);
            String method = request.getMethod();
            if (path.isEmpty()) {
                switch (method) {
                    case "GET" -> json(response, 200, datasets.list());
                    case "POST" -> json(response, 201, create(request));
                    default -> throw new BadRequest(405, method + " is not allowed here");
                }
                return;
            }
            long id = id(path.get(0));
            Dataset dataset = datasets.get(id).orElseThrow(() -> new BadRequest(404, "no dataset " + id));
            if (path.size() == 1) {
                switch (method) {
                    case "GET" -> json(response, 200, withSeries(dataset));
                    case "PATCH", "PUT" -> json(response, 200, datasets.rename(id, string(body(request), "name")));
                    case "DELETE" -> {
                        datasets.delete(id);
                        response.setStatus(204);
                    }
                    default -> throw new BadRequest(405, method + " is not allowed here");
                }
            } else if (path.size() == 2 && path.get(1).equals("series")) {
                List<String> series = strings(body(request), "series");
                int count =
                        switch (method) {
                            case "POST" -> datasets.addSeries(id, series);
                            case "DELETE" -> datasets.removeSeries(id, series);
                            default -> throw new BadRequest(405, method + " is not allowed here");
                        };
                json(response, 200, Map.of("id", id, "seriesCount", count));
            } else if (path.size() == 2 && path.get(1).equals("export.csv") && method.equals("GET")) {
                csv(response, dataset);
            } else {
                throw new BadRequest(404, "no such resource");
            }
        } catch (BadRequest e) {
            error(response, e.status, e.getMessage());
        } catch (StoreException e) {
            error(response, e.reason() == StoreException.Reason.INVALID_QUERY ? 400 : 500, e.getMessage());
        } catch (SearchException e) {
            error(response, e.reason() == SearchException.Reason.BAD_QUERY ? 400 : 503, e.getMessage());
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
        }
    }

    private Dataset create(HttpServletRequest request) throws IOException, BadRequest, StoreException, SearchException {
        Map<String, Object> body = body(request);
        String query = body.get("query") == null ? null : string(body, "query");
        if (query != null) {
            // Refuse a query the search cannot understand now rather than when the dataset is used.
            MetadataSearch current = search;
            if (current != null) {
                current.search(new SearchRequest(SearchLevel.SERIES, query, List.of(), "", 0, 0));
            }
        }
        List<String> series = body.containsKey("series") ? strings(body, "series") : List.of();
        return datasets.create(string(body, "name"), query, series, request.getRemoteUser());
    }

    private Map<String, Object> withSeries(Dataset dataset) throws StoreException, SearchException, BadRequest {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", dataset.id());
        out.put("name", dataset.name());
        out.put("query", dataset.query());
        out.put("owner", dataset.owner());
        out.put("created", dataset.created().toString());
        List<String> series = seriesOf(dataset);
        out.put("seriesCount", series.size());
        out.put("series", series);
        return out;
    }

    private List<String> seriesOf(Dataset dataset) throws StoreException, SearchException, BadRequest {
        if (!dataset.savedQuery()) {
            return datasets.series(dataset.id());
        }
        MetadataSearch current = search;
        if (current == null) {
            throw new BadRequest(503, "search is not available: the series of a saved query cannot be listed now");
        }
        List<String> series = new ArrayList<>();
        int start = 0;
        while (series.size() < MAX_SERIES) {
            SearchResult page = current.search(new SearchRequest(
                    SearchLevel.SERIES,
                    dataset.query(),
                    List.of(),
                    "SeriesInstanceUID asc",
                    start,
                    SearchRequest.MAX_ROWS));
            for (Map<String, Object> doc : page.docs()) {
                series.add(String.valueOf(doc.get("SeriesInstanceUID")));
            }
            start += page.docs().size();
            if (page.docs().isEmpty() || start >= page.numFound()) {
                break;
            }
        }
        return series;
    }

    private void csv(HttpServletResponse response, Dataset dataset)
            throws IOException, StoreException, SearchException, BadRequest {
        List<String> series = seriesOf(dataset);
        response.setContentType("text/csv;charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"dataset-" + dataset.id() + ".csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter out = response.getWriter();
        out.print(String.join(",", CSV_COLUMNS) + "\r\n");
        // Straight from the store's index, so an export works while Solr is down.
        for (int from = 0; from < series.size(); from += 500) {
            List<String> chunk = series.subList(from, Math.min(series.size(), from + 500));
            List<Match> matches = store.find(
                    new StoreQuery(ResearchStore.Level.SERIES, Map.of("SeriesInstanceUID", String.join("\\", chunk))));
            Map<String, Match> byUid = new LinkedHashMap<>();
            matches.forEach(m -> byUid.put(m.get("SeriesInstanceUID"), m));
            for (String uid : chunk) {
                Match match = byUid.get(uid);
                List<String> cells = new ArrayList<>();
                for (String column : CSV_COLUMNS) {
                    cells.add(cell(column.equals("SeriesInstanceUID") ? uid : match == null ? "" : match.get(column)));
                }
                out.print(String.join(",", cells) + "\r\n");
            }
        }
    }

    /** RFC 4180 quoting, and a leading quote for text a spreadsheet would take for a formula. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\""
                : safe;
    }

    private static Map<String, Object> body(HttpServletRequest request) throws IOException, BadRequest {
        if (request.getContentLengthLong() > 4 << 20) {
            throw new BadRequest(413, "request body too large");
        }
        String text = new String(request.getInputStream().readNBytes(4 << 20), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new BadRequest(400, "a JSON object is required");
        }
        return JsonReader.readObject(text);
    }

    private static String string(Map<String, Object> body, String key) throws BadRequest {
        Object value = body.get(key);
        if (!(value instanceof String text)) {
            throw new BadRequest(400, "'" + key + "' must be a string");
        }
        return text;
    }

    private static List<String> strings(Map<String, Object> body, String key) throws BadRequest {
        Object value = body.get(key);
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new BadRequest(400, "'" + key + "' must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static void json(HttpServletResponse response, int status, Object body) throws IOException {
        Json.send(response, status, body);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        Json.sendError(response, status, message);
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
