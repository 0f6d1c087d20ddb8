package org.atrium.web.internal;

import jakarta.servlet.Servlet;
import java.net.BindException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.atrium.core.health.Health;
import org.atrium.core.health.HealthCheck;
import org.atrium.web.UserRealm;
import org.atrium.web.WebApplication;
import org.atrium.web.WebWhiteboard;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's one HTTP server: an embedded Jetty 12 with one servlet context at {@code /} that
 * serves every {@code jakarta.servlet.Servlet} service carrying {@link WebWhiteboard#PATTERN}.
 *
 * <p>A new configuration rebinds the connector while the servlets stay; on deactivation the port
 * is released and the servlets destroyed.
 *
 * <p>It registers its own {@link HealthCheck} ("web") by hand rather than as the component's
 * service: a component's service carries its configuration as service properties, and these
 * include the keystore password.
 */
@Component(
        service = {},
        configurationPid = WebServer.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebConfig.class)
public final class WebServer implements HealthCheck {

    static final String PID = "org.atrium.web";

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final ClassLoader OWN_LOADER = WebServer.class.getClassLoader();
    private static final long REBIND_PATIENCE_MS = 3000;

    private final Server server;
    private final ServletMounts mounts;
    private final ServiceRegistration<HealthCheck> healthRegistration;
    // Written under this object's lock; volatile so that check() can read them without it.
    private volatile ServerConnector connector; // null after a failed rebind
    private volatile Endpoint endpoint;
    private volatile boolean closed;
    private final Authenticator authenticator;
    private final ContextHandlerCollection contexts;
    private final JaasRealm realm;
    private final Applications applications;
    private final ServiceRegistration<UserRealm> realmRegistration;
    private volatile int sessionTimeoutSeconds;

    /** For tests: a server outside OSGi, without the health check service. */
    WebServer(WebConfig config) {
        this(null, config);
    }

    @Activate
    public WebServer(BundleContext context, WebConfig config) {
        Endpoint first = Endpoint.of(config);
        ClassLoader previous = swapContextLoader(OWN_LOADER);
        try {
            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName("atrium-web");
            server = new Server(threads);
            server.setErrorHandler(new JsonErrors.ServerErrors());

            contexts = new ContextHandlerCollection(true);
            ServletContextHandler servletContext = new ServletContextHandler(ServletContextHandler.SESSIONS);
            servletContext.setContextPath("/");
            // Jetty looks up its own services (ServiceLoader) with the context class loader.
            servletContext.setClassLoader(OWN_LOADER);
            servletContext.setErrorHandler(new JsonErrors.ContextErrors());
            contexts.addHandler(servletContext);
            server.setHandler(contexts);
            sessionTimeoutSeconds = sessionSeconds(config);

            connector = newConnector(first);
            server.addConnector(connector);
            try {
                server.start();
            } catch (Exception e) {
                stopQuietly();
                throw new IllegalStateException("cannot listen on " + first + ": " + e.getMessage(), e);
            }
            endpoint = first;
            mounts = new ServletMounts(servletContext.getServletHandler());
            applications = new Applications(contexts);
            realm = new JaasRealm(config.realm());
            realmRegistration = context == null ? null : context.registerService(UserRealm.class, realm, null);
            authenticator = new Authenticator(
                    realm,
                    new Tokens(
                            java.time.Duration.ofHours(Math.max(1, config.tokenHours())), java.time.Clock.systemUTC()));
            mounts.mount(
                    TokenServlet.PATTERN,
                    new ProtectedServlet(
                            new TokenServlet(authenticator.tokens()),
                            Set.of(WebWhiteboard.ROLE_ADMIN, WebWhiteboard.ROLE_RESEARCHER),
                            authenticator),
                    List.of(TokenServlet.PATTERN),
                    Map.of(),
                    0,
                    OWN_LOADER);
        } finally {
            swapContextLoader(previous);
        }
        LOG.info("Atrium web listening on {}", first.url(connector.getLocalPort()));
        healthRegistration = context == null ? null : context.registerService(HealthCheck.class, this, null);
    }

    @Modified
    synchronized void modified(WebConfig config) {
        sessionTimeoutSeconds = sessionSeconds(config);
        applications.sessionTimeout(sessionTimeoutSeconds);
        realm.use(config.realm());
        Endpoint next = Endpoint.of(config);
        if (next.equals(endpoint) && connector != null) {
            return;
        }
        ClassLoader previous = swapContextLoader(OWN_LOADER);
        try {
            rebind(next);
        } finally {
            swapContextLoader(previous);
        }
    }

    /**
     * Opens the connector for {@code next} and closes the old one. A new port opens before the old
     * one closes, so a failure leaves the server where it was; the same port must close first, and
     * is reopened with the old settings if the new ones fail.
     */
    private void rebind(Endpoint next) {
        ServerConnector fresh = newConnector(next); // a bad keystore fails here, before anything closes
        ServerConnector old = connector;
        Endpoint oldEndpoint = endpoint;
        boolean closeFirst = old != null && next.sameSocket(oldEndpoint);
        if (closeFirst) {
            close(old);
        }
        try {
            fresh = open(fresh, next, closeFirst);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (closeFirst) {
                connector = null;
                try {
                    connector = open(newConnector(oldEndpoint), oldEndpoint, true);
                } catch (Exception again) {
                    LOG.error("cannot reopen {} either: the web server has no port", oldEndpoint, again);
                }
            }
            throw new IllegalStateException("cannot listen on " + next + ": " + e.getMessage(), e);
        }
        if (old != null && !closeFirst) {
            close(old);
        }
        connector = fresh;
        endpoint = next;
        LOG.info("Atrium web listening on {}", next.url(fresh.getLocalPort()));
    }

    @Deactivate
    synchronized void deactivate() {
        unregister(healthRegistration);
        unregister(realmRegistration);
        closed = true;
        stopQuietly();
        LOG.info("Atrium web stopped");
    }

    @Reference(
            service = Servlet.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            target = "(" + WebWhiteboard.PATTERN + "=*)")
    void addServlet(ServiceReference<Servlet> reference, Servlet servlet) {
        Map<String, String> initParameters = new LinkedHashMap<>();
        for (String key : reference.getPropertyKeys()) {
            if (key.startsWith(WebWhiteboard.INIT_PARAM_PREFIX)) {
                initParameters.put(
                        key.substring(WebWhiteboard.INIT_PARAM_PREFIX.length()),
                        String.valueOf(reference.getProperty(key)));
            }
        }
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        List<String> roles = roles(reference.getProperty(WebWhiteboard.ROLES));
        try {
            mount(
                    reference,
                    roles.isEmpty() ? servlet : new ProtectedServlet(servlet, Set.copyOf(roles), authenticator),
                    patterns(reference.getProperty(WebWhiteboard.PATTERN)),
                    initParameters,
                    ranking instanceof Integer i ? i : 0,
                    loaderOf(reference, servlet));
        } catch (RuntimeException e) {
            LOG.error(
                    "not serving {} (service {}): {}",
                    servlet,
                    reference.getProperty(Constants.SERVICE_ID),
                    e.getMessage(),
                    e);
        }
    }

    void removeServlet(ServiceReference<Servlet> reference) {
        unmount(reference);
    }

    @Reference(
            service = WebApplication.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            target = "(" + WebWhiteboard.CONTEXT + "=*)")
    synchronized void addApplication(ServiceReference<WebApplication> reference, WebApplication application) {
        if (closed) {
            return;
        }
        Object path = reference.getProperty(WebWhiteboard.CONTEXT);
        ClassLoader previous = swapContextLoader(OWN_LOADER);
        try {
            applications.add(
                    reference,
                    String.valueOf(path),
                    application,
                    loaderOf(reference, application),
                    sessionTimeoutSeconds);
        } catch (RuntimeException e) {
            LOG.error(
                    "not serving web application {} (service {}): {}",
                    path,
                    reference.getProperty(Constants.SERVICE_ID),
                    e.getMessage(),
                    e);
        }
    }

    synchronized void removeApplication(ServiceReference<WebApplication> reference) {
        withdraw(reference);
    }

    /** Serves {@code application} in a context of its own at {@code path}; see {@link Applications}. */
    synchronized void serve(Object key, String path, WebApplication application, ClassLoader loader) {
        if (closed) {
            throw new IllegalStateException("the web server is stopped");
        }
        ClassLoader previous = swapContextLoader(OWN_LOADER);
        try {
            applications.add(key, path, application, loader, sessionTimeoutSeconds);
        } finally {
            swapContextLoader(previous);
        }
    }

    synchronized void withdraw(Object key) {
        if (!closed) {
            applications.remove(key);
        }
    }

    /** Serves {@code servlet} at {@code patterns}; see {@link ServletMounts#mount}. */
    synchronized void mount(
            Object key,
            Servlet servlet,
            List<String> patterns,
            Map<String, String> initParameters,
            int ranking,
            ClassLoader loader) {
        if (closed) {
            throw new IllegalStateException("the web server is stopped");
        }
        mounts.mount(key, servlet, patterns, initParameters, ranking, loader);
        LOG.debug("serving {} at {}", servlet, patterns);
    }

    synchronized boolean unmount(Object key) {
        // After deactivation Jetty has already destroyed every servlet.
        return !closed && mounts.unmount(key);
    }

    /** The port actually bound (the configured one, unless that was 0), or -1 when none is. */
    int port() {
        ServerConnector current = connector;
        return current == null ? -1 : current.getLocalPort();
    }

    @Override
    public String component() {
        return "web";
    }

    @Override
    public Health check() {
        ServerConnector current = connector;
        Endpoint configured = endpoint;
        if (closed || current == null || !current.isRunning()) {
            return Health.down("not listening on " + configured.url(configured.port()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        String url = configured.url(current.getLocalPort());
        details.put("url", url);
        details.put("servlets", mounts.size());
        details.put("patterns", mounts.served().keySet());
        details.put("applications", applications.paths());
        return Health.up("listening on " + url, details);
    }

    private ServerConnector newConnector(Endpoint target) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector created;
        if (target.secure()) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(target.loadKeyStore());
            tls.setKeyStorePassword(target.keystorePassword());
            tls.setKeyManagerPassword(target.keystorePassword());
            http.setSecureScheme("https");
            http.setSecurePort(target.port());
            // Clients reach a hospital server by IP address or several names; the certificate
            // is the client's to check, so don't refuse a request whose Host differs from it.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            created = new ServerConnector(server, tls, new HttpConnectionFactory(http));
        } else {
            created = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        created.setHost(target.host());
        created.setPort(target.port());
        created.setName(target.scheme());
        return created;
    }

    /**
     * Starts {@code fresh} and returns it, or a later copy of it: a port just closed by this
     * server can stay bound for a moment (the JDK releases it when the acceptor thread leaves
     * {@code accept}), so {@code portJustClosed} retries a failed bind for a while.
     */
    private ServerConnector open(ServerConnector fresh, Endpoint target, boolean portJustClosed) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REBIND_PATIENCE_MS);
        ServerConnector candidate = fresh;
        while (true) {
            server.addConnector(candidate);
            try {
                candidate.start();
                return candidate;
            } catch (Exception e) {
                server.removeConnector(candidate);
                try {
                    candidate.stop();
                } catch (Exception ignored) {
                    // it never opened
                }
                if (!portJustClosed || !isBindFailure(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50);
            candidate = newConnector(target);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private void close(ServerConnector old) {
        try {
            old.stop();
        } catch (Exception e) {
            LOG.warn("connector {} did not stop cleanly", old, e);
        }
        server.removeConnector(old);
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Jetty did not stop cleanly", e);
        }
    }

    /** The roles a servlet requires: none when the property is absent; comma-separated strings allowed. */
    static List<String> roles(Object property) {
        if (property == null) {
            return List.of();
        }
        return patterns(property).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(role -> !role.isEmpty())
                .toList();
    }

    static List<String> patterns(Object property) {
        if (property instanceof String pattern) {
            return List.of(pattern);
        }
        if (property instanceof String[] patterns) {
            return Arrays.asList(patterns);
        }
        if (property instanceof Collection<?> patterns) {
            return patterns.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException(WebWhiteboard.PATTERN + " must be a String or String[], not " + property);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
    }

    private static int sessionSeconds(WebConfig config) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1L, config.session_timeout_minutes()) * 60L);
    }

    private static ClassLoader loaderOf(ServiceReference<?> reference, Object servlet) {
        Bundle bundle = reference.getBundle();
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        return loader != null ? loader : servlet.getClass().getClassLoader();
    }

    private static ClassLoader swapContextLoader(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        return previous;
    }
}
