package org.atrium.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.atrium.core.health.Health;
import org.atrium.core.health.HealthCheck;
import org.atrium.web.Json;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/health}: every {@link HealthCheck} service in one report, {@code
 * {"status":"UP","components":{"store":{"status":"UP","message":"...","details":{...}}}}}. The
 * worst component decides the overall status; DOWN answers 503 so that load balancers and
 * monitors need not parse the body.
 */
@Component(service = Servlet.class, property = WebWhiteboard.PATTERN + "=" + HealthServlet.PATH)
public final class HealthServlet extends HttpServlet {

    static final String PATH = "/api/v1/health";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    private final transient List<HealthCheck> checks = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check) {
        checks.add(check);
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> report = report(checks);
        response.setStatus(
                report.get("status") == Health.Status.DOWN
                        ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
                        : HttpServletResponse.SC_OK);
        response.setContentType(Json.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        Json.write(report, response.getWriter());
    }

    /** The report on {@code checks}: overall status, then each component by name. */
    static Map<String, Object> report(Collection<HealthCheck> checks) {
        Health.Status overall = Health.Status.UP;
        Map<String, Object> components = new TreeMap<>();
        for (HealthCheck check : checks) {
            String name = nameOf(check);
            Health health = run(check, name);
            if (health.status().compareTo(overall) > 0) {
                overall = health.status(); // UP < DEGRADED < DOWN by declaration order
            }
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("status", health.status());
            component.put("message", health.message());
            component.put("details", health.details());
            String key = name;
            for (int n = 2; components.containsKey(key); n++) {
                key = name + "#" + n;
            }
            components.put(key, component);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", overall);
        report.put("components", components);
        return report;
    }

    private static String nameOf(HealthCheck check) {
        try {
            String name = check.component();
            return name == null || name.isBlank() ? check.getClass().getName() : name;
        } catch (RuntimeException e) {
            return check.getClass().getName();
        }
    }

    /** A check that throws is DOWN, with the exception's type but neither its message nor its stack. */
    private static Health run(HealthCheck check, String name) {
        try {
            Health health = check.check();
            return health != null ? health : Health.down("the check returned nothing");
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("health check {} failed", name, e);
            return Health.down("the check failed: " + e.getClass().getSimpleName());
        }
    }
}
