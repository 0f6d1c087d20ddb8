package org.atrium.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.atrium.core.health.Health;
import org.atrium.core.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServletTest {

    private WebServer server;
    private HealthServlet health;

    /** A check that answers whatever the test set last. */
    private static final class FakeCheck implements HealthCheck {
        private final String name;
        volatile Health health;

        FakeCheck(String name, Health health) {
            this.name = name;
            this.health = health;
        }

        @Override
        public String component() {
            return name;
        }

        @Override
        public Health check() {
            return health;
        }
    }

    @BeforeEach
    void start() {
        server = new WebServer(Configs.loopback());
        health = new HealthServlet();
        server.mount(
                "health",
                health,
                List.of(HealthServlet.PATH),
                Map.of(),
                0,
                getClass().getClassLoader());
    }

    @AfterEach
    void stop() {
        server.deactivate();
    }

    private HttpResponse<String> get() throws Exception {
        return Http.get("http://127.0.0.1:" + server.port() + HealthServlet.PATH);
    }

    @Test
    void noChecksIsUp() throws Exception {
        HttpResponse<String> response = get();
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\",\"components\":{}}", response.body());
        assertEquals(
                "application/json;charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void theWorstComponentDecides() throws Exception {
        FakeCheck store = new FakeCheck("store", Health.up("3 studies", Map.of("studies", 3)));
        FakeCheck dicom = new FakeCheck("dicom:ATRIUM", Health.up("listening", Map.of()));
        health.addCheck(store);
        health.addCheck(dicom);
        assertEquals(200, get().statusCode());

        dicom.health = Health.degraded("peer \"PACS\" slow");
        HttpResponse<String> degraded = get();
        assertEquals(200, degraded.statusCode());
        assertEquals(
                "{\"status\":\"DEGRADED\",\"components\":{"
                        + "\"dicom:ATRIUM\":{\"status\":\"DEGRADED\",\"message\":\"peer \\\"PACS\\\" slow\",\"details\":{}},"
                        + "\"store\":{\"status\":\"UP\",\"message\":\"3 studies\",\"details\":{\"studies\":3}}}}",
                degraded.body());

        store.health = Health.down("disk full");
        HttpResponse<String> down = get();
        assertEquals(503, down.statusCode());
        assertEquals(true, down.body().startsWith("{\"status\":\"DOWN\""), down.body());

        health.removeCheck(store);
        assertEquals(200, get().statusCode());
    }

    @Test
    void aThrowingCheckIsDownWithoutItsMessage() throws Exception {
        health.addCheck(new FakeCheck("ok", Health.up("fine", Map.of())));
        health.addCheck(new HealthCheck() {
            @Override
            public String component() {
                return "broken";
            }

            @Override
            public Health check() {
                throw new IllegalStateException("password=hunter2");
            }
        });
        HttpResponse<String> response = get();
        assertEquals(503, response.statusCode());
        assertEquals(
                "{\"status\":\"DOWN\",\"components\":{"
                        + "\"broken\":{\"status\":\"DOWN\",\"message\":\"the check failed: IllegalStateException\",\"details\":{}},"
                        + "\"ok\":{\"status\":\"UP\",\"message\":\"fine\",\"details\":{}}}}",
                response.body());
    }

    @Test
    void twoChecksOfOneNameAreBothShown() {
        Map<String, Object> report = HealthServlet.report(List.of(
                new FakeCheck("store", Health.up("a", Map.of())), new FakeCheck("store", Health.degraded("b"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> components = (Map<String, Object>) report.get("components");
        assertEquals(List.of("store", "store#2"), List.copyOf(components.keySet()));
        assertEquals(Health.Status.DEGRADED, report.get("status"));
    }

    @Test
    void includesTheServersOwnCheck() throws Exception {
        health.addCheck(server);
        String body = get().body();
        assertEquals(true, body.contains("\"web\":{\"status\":\"UP\""), body);
        assertEquals(true, body.contains("\"patterns\":[\"/api/v1/health\",\"/api/v1/tokens\"]"), body);
    }
}
