package org.atrium.web.internal;

import jakarta.servlet.ServletContainerInitializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atrium.web.WebApplication;
import org.eclipse.jetty.ee10.servlet.ServletContainerInitializerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WebApplication}s on the server, each in a servlet context of its own inside the
 * server's {@link ContextHandlerCollection}. One application per path: a second one for a taken
 * path waits and takes over when the first leaves.
 */
final class Applications {

    private static final Logger LOG = LoggerFactory.getLogger(Applications.class);

    private record Application(Object key, String path, WebApplication application, ClassLoader loader) {}

    private final ContextHandlerCollection contexts;
    private final Map<Object, Application> known = new LinkedHashMap<>();
    private final Map<String, ServletContextHandler> serving = new LinkedHashMap<>();
    private final Map<String, Object> servedBy = new LinkedHashMap<>();
    private int sessionTimeoutSeconds = 1800;

    Applications(ContextHandlerCollection contexts) {
        this.contexts = contexts;
    }

    synchronized void add(Object key, String path, WebApplication application, ClassLoader loader, int timeout) {
        String normalized = normalize(path);
        sessionTimeoutSeconds = timeout;
        known.put(key, new Application(key, normalized, application, loader));
        if (serving.containsKey(normalized)) {
            LOG.warn("{} is already served; the web application {} waits for it", normalized, application);
            return;
        }
        start(known.get(key));
    }

    synchronized void remove(Object key) {
        Application gone = known.remove(key);
        if (gone == null || servedBy.get(gone.path()) != key) {
            return;
        }
        stop(gone.path());
        known.values().stream()
                .filter(waiting -> waiting.path().equals(gone.path()))
                .findFirst()
                .ifPresent(this::start);
    }

    synchronized void sessionTimeout(int seconds) {
        sessionTimeoutSeconds = seconds;
        serving.values().forEach(context -> context.getSessionHandler().setMaxInactiveInterval(seconds));
    }

    synchronized List<String> paths() {
        return new ArrayList<>(serving.keySet());
    }

    private void start(Application app) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(app.path());
        context.setClassLoader(app.loader());
        context.setErrorHandler(new JsonErrors.ContextErrors());
        context.getSessionHandler().setMaxInactiveInterval(sessionTimeoutSeconds);
        context.getSessionHandler().setHttpOnly(true);
        ServletContainerInitializer startup = (classes, servletContext) -> {
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(app.loader());
            try {
                app.application().onStartup(servletContext);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        };
        context.addServletContainerInitializer(new ServletContainerInitializerHolder(startup, new Class<?>[0]));
        contexts.addHandler(context);
        try {
            context.start();
        } catch (Exception e) {
            contexts.removeHandler(context);
            stopQuietly(context);
            throw new IllegalStateException("cannot start " + app.path() + ": " + e.getMessage(), e);
        }
        serving.put(app.path(), context);
        servedBy.put(app.path(), app.key());
        LOG.info("serving web application {} at {}", app.application(), app.path());
    }

    private void stop(String path) {
        ServletContextHandler context = serving.remove(path);
        servedBy.remove(path);
        if (context != null) {
            contexts.removeHandler(context);
            stopQuietly(context);
            LOG.info("stopped web application at {}", path);
        }
    }

    private static void stopQuietly(ServletContextHandler context) {
        try {
            context.stop();
        } catch (Exception e) {
            LOG.warn("context {} did not stop cleanly", context.getContextPath(), e);
        }
    }

    /** {@code /ui} from {@code ui}, {@code /ui/} or {@code /ui}; the root path is the servlets'. */
    static String normalize(String path) {
        String trimmed = path == null ? "" : path.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.startsWith("/")) {
            trimmed = "/" + trimmed;
        }
        if (trimmed.equals("/") || Set.of("/api", "/dicomweb").contains(trimmed)) {
            throw new IllegalArgumentException("the context path " + path + " is reserved for the platform's servlets");
        }
        return trimmed;
    }
}
