package org.atrium.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.atrium.core.health.Health;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebServerTest {

    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.deactivate();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void servesAMountedServletUntilItIsUnmounted() throws Exception {
        server = new WebServer(Configs.loopback());
        Object key = new Object();
        server.mount(
                key,
                new TextServlet("hello"),
                List.of("/hello/*"),
                Map.of(),
                0,
                getClass().getClassLoader());

        HttpResponse<String> served = Http.get(url("/hello/world"));
        assertEquals(200, served.statusCode());
        assertEquals("hello /world", served.body());

        assertTrue(server.unmount(key));
        HttpResponse<String> gone = Http.get(url("/hello/world"));
        assertEquals(404, gone.statusCode());
        assertEquals("{\"status\":404,\"error\":\"Not Found\"}", gone.body());
        assertTrue(gone.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertFalse(server.unmount(key));
    }

    @Test
    void unmountingDestroysTheServletAndKeepsTheOthers() throws Exception {
        server = new WebServer(Configs.loopback());
        TextServlet first = new TextServlet("first");
        server.mount(
                "a",
                first,
                List.of("/a", "/a"),
                Map.of("greeting", "hi"),
                0,
                getClass().getClassLoader());
        server.mount(
                "b",
                new TextServlet("second"),
                List.of("/b", "*.txt"),
                Map.of(),
                0,
                getClass().getClassLoader());
        assertEquals("hi", first.getInitParameter("greeting"));

        assertTrue(server.unmount("a"));
        assertEquals(1, first.destroyed.get());
        assertEquals(404, Http.get(url("/a")).statusCode());
        assertEquals("second ", Http.get(url("/b")).body());
        assertEquals(200, Http.get(url("/x/y.txt")).statusCode());
    }

    @Test
    void callsTheServletWithItsBundlesClassLoader() throws Exception {
        server = new WebServer(Configs.loopback());
        ClassLoader bundleLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
        server.mount(
                "tccl",
                new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                        response.getWriter()
                                .write(String.valueOf(Thread.currentThread().getContextClassLoader() == bundleLoader));
                    }
                },
                List.of("/tccl"),
                Map.of(),
                0,
                bundleLoader);
        assertEquals("true", Http.get(url("/tccl")).body());
    }

    @Test
    void theBestRankedServletServesAContestedPattern() throws Exception {
        server = new WebServer(Configs.loopback());
        ClassLoader loader = getClass().getClassLoader();
        server.mount("old", new TextServlet("old"), List.of("/api/*"), Map.of(), 0, loader);
        server.mount("newer", new TextServlet("newer"), List.of("/api/*"), Map.of(), 0, loader);
        assertEquals("old /x", Http.get(url("/api/x")).body());

        server.mount("ranked", new TextServlet("ranked"), List.of("/api/*"), Map.of(), 10, loader);
        assertEquals("ranked /x", Http.get(url("/api/x")).body());

        server.unmount("ranked");
        server.unmount("old");
        assertEquals("newer /x", Http.get(url("/api/x")).body());
    }

    @Test
    void aServletMayTakeTheDefaultPattern() throws Exception {
        server = new WebServer(Configs.loopback());
        server.mount(
                "ui",
                new TextServlet("ui"),
                List.of("/"),
                Map.of(),
                0,
                getClass().getClassLoader());
        assertEquals(200, Http.get(url("/anything/at/all")).statusCode());
        server.unmount("ui");
        assertEquals(404, Http.get(url("/anything/at/all")).statusCode());
    }

    @Test
    void refusesBadPatternsAndFailingServletsWithoutHarm() throws Exception {
        server = new WebServer(Configs.loopback());
        ClassLoader loader = getClass().getClassLoader();
        server.mount("ok", new TextServlet("ok"), List.of("/ok"), Map.of(), 0, loader);

        assertThrows(
                IllegalArgumentException.class,
                () -> server.mount("bad", new TextServlet("bad"), List.of("no-slash"), Map.of(), 0, loader));
        HttpServlet failing = new HttpServlet() {
            @Override
            public void init(ServletConfig config) throws ServletException {
                throw new ServletException("no database");
            }
        };
        assertThrows(
                IllegalStateException.class,
                () -> server.mount("failing", failing, List.of("/failing"), Map.of(), 0, loader));

        assertEquals(200, Http.get(url("/ok")).statusCode());
        assertEquals(404, Http.get(url("/failing")).statusCode());
        // "/ok" and the built-in token servlet; the failing one is not counted.
        assertEquals(2, server.check().details().get("servlets"));
    }

    @Test
    void answersAServletsExceptionWithShortJson() throws Exception {
        server = new WebServer(Configs.loopback());
        server.mount(
                "boom",
                new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                        throw new IllegalStateException("secret connection string jdbc:postgresql://db/atrium");
                    }
                },
                List.of("/boom"),
                Map.of(),
                0,
                getClass().getClassLoader());
        server.mount(
                "teapot",
                new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                        response.sendError(400, "study \"1.2.3\" unknown");
                    }
                },
                List.of("/teapot"),
                Map.of(),
                0,
                getClass().getClassLoader());

        HttpResponse<String> boom = Http.get(url("/boom"));
        assertEquals(500, boom.statusCode());
        assertEquals("{\"status\":500,\"error\":\"Server Error\"}", boom.body());

        HttpResponse<String> bad = Http.get(url("/teapot"));
        assertEquals(400, bad.statusCode());
        assertEquals(
                "{\"status\":400,\"error\":\"Bad Request\",\"message\":\"study \\\"1.2.3\\\" unknown\"}", bad.body());
    }

    @Test
    void answersAMalformedRequestWithShortJson() throws Exception {
        server = new WebServer(Configs.loopback());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream()
                    .write("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertTrue(response.endsWith("{\"status\":400,\"error\":\"Bad Request\"}"), response);
            assertFalse(response.contains("Exception"), response);
            assertFalse(response.contains("<html"), response);
        }
    }

    @Test
    void movesToAnotherPortLive() throws Exception {
        server = new WebServer(Configs.loopback());
        server.mount(
                "s",
                new TextServlet("still here"),
                List.of("/s"),
                Map.of(),
                0,
                getClass().getClassLoader());
        int before = server.port();
        int after = Http.freePort();

        server.modified(Configs.web(Map.of("host", "127.0.0.1", "port", after)));

        assertEquals(after, server.port());
        assertEquals("still here ", Http.get("http://127.0.0.1:" + after + "/s").body());
        assertThrows(ConnectException.class, () -> Http.get("http://127.0.0.1:" + before + "/s"));
        assertTrue(Http.isFree(before));
    }

    @Test
    void aPortInUseFailsTheRebindAndKeepsTheOldPort() throws Exception {
        server = new WebServer(Configs.loopback());
        WebServer other = new WebServer(Configs.loopback());
        try {
            int before = server.port();
            assertThrows(
                    IllegalStateException.class,
                    () -> server.modified(Configs.web(Map.of("host", "127.0.0.1", "port", other.port()))));
            assertEquals(before, server.port());
            assertEquals(404, Http.get(url("/nothing")).statusCode());
        } finally {
            other.deactivate();
        }
    }

    @Test
    void refusesToStartOnAPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            WebConfig config = Configs.web(Map.of("host", "127.0.0.1", "port", taken.getLocalPort()));
            assertThrows(IllegalStateException.class, () -> new WebServer(config));
        }
    }

    @Test
    void releasesThePortOnDeactivation() throws Exception {
        server = new WebServer(Configs.loopback());
        int port = server.port();
        assertFalse(Http.isFree(port));
        server.deactivate();
        assertTrue(Http.isFree(port));
        assertEquals(Health.Status.DOWN, server.check().status());
        server = null;
    }

    @Test
    void reportsItsOwnHealth() throws Exception {
        server = new WebServer(Configs.loopback());
        Health health = server.check();
        assertEquals("web", server.component());
        assertEquals(Health.Status.UP, health.status());
        assertEquals("http://127.0.0.1:" + server.port(), health.details().get("url"));
    }

    @Test
    void readsPatternsAsStringArrayOrCollection() {
        assertEquals(List.of("/a"), WebServer.patterns("/a"));
        assertEquals(List.of("/a", "/b/*"), WebServer.patterns(new String[] {"/a", "/b/*"}));
        assertEquals(List.of("/a"), WebServer.patterns(List.of("/a")));
        assertThrows(IllegalArgumentException.class, () -> WebServer.patterns(42));
    }

    /** Answers its text and the request's path info. */
    static final class TextServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final String text;
        final AtomicInteger destroyed = new AtomicInteger();

        TextServlet(String text) {
            this.text = text;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            String pathInfo = request.getPathInfo();
            response.getWriter().write(text + " " + (pathInfo == null ? "" : pathInfo));
        }

        @Override
        public void destroy() {
            destroyed.incrementAndGet();
        }
    }
}
