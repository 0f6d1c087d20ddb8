package org.atrium.pacs.internal.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.atrium.pacs.ImportJob;
import org.atrium.pacs.ImportMethod;
import org.atrium.pacs.ImportRequest;
import org.atrium.pacs.Imports;
import org.atrium.pacs.internal.CsvIds;
import org.atrium.web.Requests;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/imports}: tracked imports from remote nodes.
 *
 * <pre>
 * GET  /api/v1/imports              list (most recent first; ?limit=)
 * POST /api/v1/imports              {"node", "method": "MOVE"|"GET", "studies": [uid..],
 *                                    "accessions": [..], "csv": "text"}
 * GET  /api/v1/imports/{id}         the job with its items
 * POST /api/v1/imports/{id}/cancel
 * POST /api/v1/imports/{id}/retry
 * </pre>
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=/api/v1/imports",
            WebWhiteboard.PATTERN + "=/api/v1/imports/*",
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class ImportsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Imports imports;

    @Activate
    public ImportsServlet(@Reference Imports imports) {
        this.imports = imports;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            List<String> path = Requests.pathParts(request);
            String method = request.getMethod();
            if (path.isEmpty() && method.equals("GET")) {
                String limit = request.getParameter("limit");
                Rest.json(response, 200, imports.list(limit == null ? 100 : (int) Rest.number(limit, "limit")));
            } else if (path.isEmpty() && method.equals("POST")) {
                Map<String, Object> body = Rest.body(request);
                List<String> studies = new ArrayList<>(Rest.strings(body, "studies"));
                List<String> accessions = new ArrayList<>(Rest.strings(body, "accessions"));
                if (body.get("csv") != null) {
                    CsvIds.Ids ids = CsvIds.parse(Rest.string(body, "csv", null));
                    studies.addAll(ids.studyInstanceUids());
                    accessions.addAll(ids.accessionNumbers());
                }
                ImportMethod importMethod;
                try {
                    importMethod = ImportMethod.valueOf(
                            Rest.string(body, "method", "MOVE").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new Rest.Failure(400, "'method' must be MOVE or GET");
                }
                ImportJob job = imports.create(new ImportRequest(
                        Rest.string(body, "node", null), importMethod, studies, accessions, request.getRemoteUser()));
                Rest.json(response, 201, job);
            } else if (path.size() >= 1) {
                long id = Rest.number(path.get(0), "import");
                Optional<ImportJob> job;
                if (path.size() == 1 && method.equals("GET")) {
                    job = imports.get(id);
                } else if (path.size() == 2 && path.get(1).equals("cancel") && method.equals("POST")) {
                    job = imports.cancel(id);
                } else if (path.size() == 2 && path.get(1).equals("retry") && method.equals("POST")) {
                    job = imports.retry(id);
                } else {
                    throw new Rest.Failure(404, "no such resource: " + method + " " + path);
                }
                Rest.json(response, 200, job.orElseThrow(() -> new Rest.Failure(404, "no import " + id)));
            } else {
                throw new Rest.Failure(405, method + " is not allowed here");
            }
        } catch (Rest.Failure e) {
            Rest.error(response, e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            Rest.error(response, 400, e.getMessage());
        }
    }
}
