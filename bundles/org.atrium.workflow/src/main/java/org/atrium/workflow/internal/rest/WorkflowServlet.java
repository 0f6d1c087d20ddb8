package org.atrium.workflow.internal.rest;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.web.Json;
import org.atrium.web.JsonReader;
import org.atrium.web.Requests;
import org.atrium.web.WebWhiteboard;
import org.atrium.workflow.JobFilter;
import org.atrium.workflow.JobState;
import org.atrium.workflow.Workflow;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowRequest;
import org.atrium.workflow.WorkflowService;
import org.atrium.workflow.internal.rest.Rest.BadRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Workflows, jobs and algorithms as REST.
 *
 * <pre>
 * GET  /api/v1/workflows                 list, newest first
 * POST /api/v1/workflows                 {"algorithm", "version"?, "parameters"?, "dataset" | "series": [uid, …], "timeoutMinutes"?}
 * GET  /api/v1/workflows/{id}            the workflow and its jobs
 * POST /api/v1/workflows/{id}/rerun      same algorithm version, parameters and series
 * GET  /api/v1/jobs?state=&amp;workflow=&amp;limit=
 * GET  /api/v1/jobs/{id}
 * GET  /api/v1/jobs/{id}/log
 * POST /api/v1/jobs/{id}/cancel
 * POST /api/v1/jobs/{id}/retry
 * GET  /api/v1/algorithms                installed algorithms with their parameter schema
 * </pre>
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=/api/v1/workflows",
            WebWhiteboard.PATTERN + "=/api/v1/workflows/*",
            WebWhiteboard.PATTERN + "=/api/v1/jobs",
            WebWhiteboard.PATTERN + "=/api/v1/jobs/*",
            WebWhiteboard.PATTERN + "=/api/v1/algorithms",
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class WorkflowServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient WorkflowService workflows;

    @Activate
    public WorkflowServlet(@Reference WorkflowService workflows) {
        this.workflows = workflows;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            List<String> path = Requests.pathParts(request);
            String method = request.getMethod();
            switch (request.getServletPath()) {
                case "/api/v1/workflows" -> workflows(request, response, method, path);
                case "/api/v1/jobs" -> jobs(request, response, method, path);
                case "/api/v1/algorithms" -> {
                    Rest.allow(method, "GET");
                    json(
                            response,
                            200,
                            workflows.algorithms().stream()
                                    .map(WorkflowServlet::algorithm)
                                    .toList());
                }
                default -> throw new BadRequest(404, "no such resource");
            }
        } catch (BadRequest e) {
            error(response, e.status, e.getMessage());
        } catch (WorkflowException e) {
            error(response, Rest.status(e), e.getMessage());
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
        }
    }

    private void workflows(HttpServletRequest request, HttpServletResponse response, String method, List<String> path)
            throws IOException, BadRequest, WorkflowException {
        if (path.isEmpty()) {
            switch (method) {
                case "GET" -> json(
                        response,
                        200,
                        workflows.workflows().stream()
                                .map(WorkflowServlet::workflow)
                                .toList());
                case "POST" -> json(response, 201, workflow(workflows.start(startRequest(request))));
                default -> throw new BadRequest(405, method + " is not allowed here");
            }
            return;
        }
        long id = Rest.id(path.get(0), "workflow");
        if (path.size() == 1) {
            Rest.allow(method, "GET");
            Workflow workflow = workflows.workflow(id).orElseThrow(() -> new BadRequest(404, "no workflow " + id));
            Map<String, Object> out = workflow(workflow);
            out.put("jobList", workflows.jobs(new JobFilter(null, id, JobFilter.DEFAULT_LIMIT)));
            json(response, 200, out);
        } else if (path.size() == 2 && path.get(1).equals("rerun")) {
            Rest.allow(method, "POST");
            json(response, 201, workflow(workflows.rerun(id, request.getRemoteUser())));
        } else {
            throw new BadRequest(404, "no such resource");
        }
    }

    private void jobs(HttpServletRequest request, HttpServletResponse response, String method, List<String> path)
            throws IOException, BadRequest, WorkflowException {
        if (path.isEmpty()) {
            Rest.allow(method, "GET");
            String state = request.getParameter("state");
            String workflow = request.getParameter("workflow");
            String limit = request.getParameter("limit");
            JobFilter filter = new JobFilter(
                    state == null || state.isBlank() ? null : JobState.valueOf(state.toUpperCase(Locale.ROOT)),
                    workflow == null || workflow.isBlank() ? null : Rest.id(workflow, "workflow"),
                    limit == null ? 0 : Integer.parseInt(limit));
            json(response, 200, workflows.jobs(filter));
            return;
        }
        long id = Rest.id(path.get(0), "job");
        String action = path.size() == 2 ? path.get(1) : path.size() == 1 ? "" : null;
        if (action == null) {
            throw new BadRequest(404, "no such resource");
        }
        switch (action) {
            case "" -> {
                Rest.allow(method, "GET");
                json(response, 200, workflows.job(id).orElseThrow(() -> new BadRequest(404, "no job " + id)));
            }
            case "log" -> {
                Rest.allow(method, "GET");
                json(response, 200, workflows.log(id));
            }
            case "cancel" -> {
                Rest.allow(method, "POST");
                json(response, 200, workflows.cancel(id, "cancelled by " + request.getRemoteUser()));
            }
            case "retry" -> {
                Rest.allow(method, "POST");
                json(response, 200, workflows.retry(id));
            }
            default -> throw new BadRequest(404, "no such resource");
        }
    }

    @SuppressWarnings("unchecked")
    private static WorkflowRequest startRequest(HttpServletRequest request) throws IOException, BadRequest {
        Map<String, Object> body = Rest.body(request);
        if (!(body.get("algorithm") instanceof String algorithm)) {
            throw new BadRequest(400, "'algorithm' must be a string");
        }
        Object version = body.get("version");
        Object parameters = body.getOrDefault("parameters", Map.of());
        if (!(parameters instanceof Map)) {
            throw new BadRequest(400, "'parameters' must be an object");
        }
        Long dataset = null;
        List<String> series = List.of();
        if (body.get("dataset") != null) {
            if (!(body.get("dataset") instanceof Long id)) {
                throw new BadRequest(400, "'dataset' must be a dataset id");
            }
            dataset = id;
        } else if (body.get("series") instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            series = (List<String>) list;
        } else {
            throw new BadRequest(400, "give 'dataset' (an id) or 'series' (a list of Series Instance UIDs)");
        }
        Duration timeout = null;
        if (body.get("timeoutMinutes") != null) {
            if (!(body.get("timeoutMinutes") instanceof Number minutes)) {
                throw new BadRequest(400, "'timeoutMinutes' must be a number");
            }
            timeout = Duration.ofMillis(new BigDecimal(minutes.toString())
                    .multiply(BigDecimal.valueOf(60_000))
                    .longValue());
        }
        return new WorkflowRequest(
                algorithm,
                version instanceof String v ? v : null,
                (Map<String, Object>) parameters,
                dataset,
                series,
                timeout,
                request.getRemoteUser());
    }

    static Map<String, Object> workflow(Workflow w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", w.id());
        out.put("algorithm", w.algorithmId());
        out.put("version", w.algorithmVersion());
        out.put("parameters", JsonReader.read(w.parameters()));
        out.put("parameterHash", w.parameterHash());
        out.put("input", w.input());
        out.put("owner", w.owner());
        out.put("created", w.created());
        out.put("timeoutMinutes", w.timeout().toMillis() / 60_000.0);
        out.put("notes", w.notes());
        out.put("jobs", w.jobs());
        return out;
    }

    static Map<String, Object> algorithm(AlgorithmDescriptor d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("version", d.version());
        out.put("vendor", d.vendor());
        out.put("name", d.name());
        out.put("description", d.description());
        out.put("modalities", d.inputs().modalities());
        out.put("sopClassUids", d.inputs().sopClassUids());
        out.put("parameterSchema", JsonReader.read(d.parameterSchema()));
        out.put("resources", d.resources());
        out.put("scope", d.scope());
        return out;
    }

    private static void json(HttpServletResponse response, int status, Object body) throws IOException {
        Json.send(response, status, body);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        Json.sendError(response, status, message);
    }
}
