package org.atrium.pacs.internal.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.pacs.Forwarding;
import org.atrium.web.Requests;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/forwards}: the forwarding queue.
 *
 * <pre>
 * GET  /api/v1/forwards         {"queued": [..], "failed": [..]}
 * POST /api/v1/forwards         {"node", "dataset": id | "series": uid | "instances": [uid..]}
 * POST /api/v1/forwards/retry   {"ids": [..]} or {} for every failed entry
 * </pre>
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=/api/v1/forwards",
            WebWhiteboard.PATTERN + "=/api/v1/forwards/*",
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class ForwardsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Forwarding forwarding;

    @Activate
    public ForwardsServlet(@Reference Forwarding forwarding) {
        this.forwarding = forwarding;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            List<String> path = Requests.pathParts(request);
            String method = request.getMethod();
            if (path.isEmpty() && method.equals("GET")) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("queued", forwarding.queue(1000));
                out.put("failed", forwarding.failed(1000));
                Rest.json(response, 200, out);
            } else if (path.isEmpty() && method.equals("POST")) {
                Map<String, Object> body = Rest.body(request);
                String node = Rest.string(body, "node", null);
                String source = "api:" + request.getRemoteUser();
                int added;
                if (body.get("dataset") instanceof Number dataset) {
                    added = forwarding.enqueueDataset(node, dataset.longValue(), source);
                } else if (body.get("series") != null) {
                    added = forwarding.enqueueSeries(node, Rest.string(body, "series", null), source);
                } else if (body.get("instances") != null) {
                    added = forwarding.enqueue(node, Rest.strings(body, "instances"), source);
                } else {
                    throw new Rest.Failure(400, "give 'dataset' (an id), 'series' (a UID) or 'instances' (UIDs)");
                }
                Rest.json(response, 202, Map.of("node", node, "queued", added));
            } else if (path.size() == 1 && path.get(0).equals("retry") && method.equals("POST")) {
                List<Long> ids = new ArrayList<>();
                if (request.getContentLengthLong() != 0) {
                    Object list = Rest.body(request).get("ids");
                    if (list instanceof List<?> values) {
                        for (Object value : values) {
                            if (!(value instanceof Number number)) {
                                throw new Rest.Failure(400, "'ids' must be numbers");
                            }
                            ids.add(number.longValue());
                        }
                    }
                }
                Rest.json(response, 200, Map.of("queued", forwarding.retry(ids)));
            } else {
                throw new Rest.Failure(404, "no such resource: " + method + " " + path);
            }
        } catch (Rest.Failure e) {
            Rest.error(response, e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            Rest.error(response, 400, e.getMessage());
        }
    }
}
