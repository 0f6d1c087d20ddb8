package org.atrium.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.atrium.web.WebApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebApplicationTest {

    private WebServer server;

    /** Answers with its name, the path inside its context and its session's timeout. */
    private static final class Echo extends HttpServlet {
        private final String name;

        Echo(String name) {
            this.name = name;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int timeout = request.getSession(true).getMaxInactiveInterval();
            response.getWriter()
                    .write(name + " " + request.getContextPath() + " " + request.getPathInfo() + " " + timeout);
        }
    }

    private static WebApplication app(String name) {
        return context -> context.addServlet(name, new Echo(name)).addMapping("/*");
    }

    @BeforeEach
    void start() {
        server = new WebServer(Configs.loopback());
        server.mount(
                "root",
                new Echo("root"),
                List.of("/api/*"),
                Map.of(),
                0,
                getClass().getClassLoader());
    }

    @AfterEach
    void stop() {
        server.deactivate();
    }

    private String get(String path) throws Exception {
        var response = Http.get("http://127.0.0.1:" + server.port() + path);
        return response.statusCode() + " " + response.body();
    }

    @Test
    void anApplicationGetsItsOwnContextBesideTheServlets() throws Exception {
        server.serve("ui", "/ui/", app("ui"), getClass().getClassLoader());
        assertEquals("200 ui /ui /views/1 1800", get("/ui/views/1"));
        assertTrue(get("/api/x").startsWith("200 root  /x "), "the servlets keep the root context");
        assertTrue(get("/other").startsWith("404"), "outside both");
    }

    @Test
    void withdrawingStopsTheContextAndTheWaitingOneTakesOver() throws Exception {
        server.serve("first", "/ui", app("first"), getClass().getClassLoader());
        server.serve("second", "/ui", app("second"), getClass().getClassLoader());
        assertTrue(get("/ui/a").startsWith("200 first"));
        server.withdraw("first");
        assertTrue(get("/ui/a").startsWith("200 second"));
        server.withdraw("second");
        assertTrue(get("/ui/a").startsWith("404"));
    }

    @Test
    void aFailingStartupLeavesThePathUnservedAndTheServerUp() throws Exception {
        WebApplication broken = context -> {
            throw new jakarta.servlet.ServletException("no frontend bundle");
        };
        var e = assertThrows(
                IllegalStateException.class,
                () -> server.serve("b", "/ui", broken, getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("no frontend bundle"), e.getMessage());
        assertTrue(get("/ui/a").startsWith("404"));
        assertTrue(get("/api/x").startsWith("200 root"));
        server.serve("ui", "/ui", app("ui"), getClass().getClassLoader());
        assertTrue(get("/ui/a").startsWith("200 ui"));
    }

    @Test
    void thePlatformsPathsAreReserved() {
        for (String path : List.of("/", "", "/api", "/dicomweb/")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> server.serve(path, path, app("x"), getClass().getClassLoader()),
                    path);
        }
    }

    @Test
    void theSessionTimeoutFollowsTheConfiguration() throws Exception {
        server.serve("ui", "/ui", app("ui"), getClass().getClassLoader());
        server.modified(Configs.web(Map.of("host", "127.0.0.1", "port", 0, "session_timeout_minutes", 5)));
        assertTrue(get("/ui/a").endsWith(" 300"), get("/ui/a"));
    }
}
