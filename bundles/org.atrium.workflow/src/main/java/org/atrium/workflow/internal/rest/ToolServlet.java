package org.atrium.workflow.internal.rest;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.extension.api.ToolDescriptor;
import org.atrium.web.Json;
import org.atrium.web.Requests;
import org.atrium.web.WebWhiteboard;
import org.atrium.workflow.ToolService;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.internal.rest.Rest.BadRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tools as REST.
 *
 * <pre>
 * GET    /api/v1/tools                      installed tools
 * POST   /api/v1/tools/{toolId}/launch      {"series": [uid, …]} or {"dataset": id}: 201 with the launch, or 409 naming what is missing
 * GET    /api/v1/tools/launches             open launches, newest first
 * GET    /api/v1/tools/launches/{id}        one launch with its status, imports and log
 * DELETE /api/v1/tools/launches/{id}        stop following it
 * </pre>
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=/api/v1/tools",
            WebWhiteboard.PATTERN + "=/api/v1/tools/*",
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class ToolServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ToolService tools;

    @Activate
    public ToolServlet(@Reference ToolService tools) {
        this.tools = tools;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            List<String> path = Requests.pathParts(request);
            String method = request.getMethod();
            if (path.isEmpty()) {
                Rest.allow(method, "GET");
                Json.send(
                        response,
                        200,
                        tools.tools().stream().map(ToolServlet::tool).toList());
            } else if (path.get(0).equals("launches")) {
                launches(request, response, method, path);
            } else if (path.size() == 2 && path.get(1).equals("launch")) {
                Rest.allow(method, "POST");
                Map<String, Object> body = Rest.body(request);
                Json.send(
                        response,
                        201,
                        body.get("dataset") instanceof Long dataset
                                ? tools.launchOnDataset(path.get(0), dataset, request.getRemoteUser())
                                : tools.launch(path.get(0), series(body), request.getRemoteUser()));
            } else {
                throw new BadRequest(404, "no such resource");
            }
        } catch (BadRequest e) {
            Json.sendError(response, e.status, e.getMessage());
        } catch (WorkflowException e) {
            Json.sendError(response, Rest.status(e), e.getMessage());
        } catch (IllegalArgumentException e) {
            Json.sendError(response, 400, e.getMessage());
        }
    }

    private void launches(HttpServletRequest request, HttpServletResponse response, String method, List<String> path)
            throws IOException, BadRequest, WorkflowException {
        if (path.size() == 1) {
            Rest.allow(method, "GET");
            Json.send(response, 200, tools.launches());
            return;
        }
        if (path.size() != 2) {
            throw new BadRequest(404, "no such resource");
        }
        long id = Rest.id(path.get(1), "tool launch");
        switch (method) {
            case "GET" -> Json.send(
                    response,
                    200,
                    tools.launch(id).orElseThrow(() -> new BadRequest(404, "no open tool launch " + id)));
            case "DELETE" -> Json.send(response, 200, tools.close(id));
            default -> throw new BadRequest(405, method + " is not allowed here");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> series(Map<String, Object> body) throws BadRequest {
        Object series = body.get("series");
        if (series instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return (List<String>) list;
        }
        throw new BadRequest(400, "give 'series' (a list of Series Instance UIDs) or 'dataset' (an id)");
    }

    static Map<String, Object> tool(ToolDescriptor d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("version", d.version());
        out.put("vendor", d.vendor());
        out.put("name", d.name());
        out.put("description", d.description());
        out.put("modalities", d.inputs().modalities());
        out.put("sopClassUids", d.inputs().sopClassUids());
        return out;
    }
}
