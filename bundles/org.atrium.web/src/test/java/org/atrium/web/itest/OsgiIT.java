package org.atrium.web.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.atrium.web.itest.probe.ProbeActivator;
import org.atrium.web.itest.probe.ProbeServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The packaged bundle in a real OSGi framework (Felix 7, SCR, Config Admin: what Karaf 4.4 runs),
 * with jakarta.servlet as a bundle of its own: it must resolve with its Import-Package, start
 * Jetty from its configuration, serve a servlet another bundle registers, and move port live.
 */
class OsgiIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private Framework framework;

    @BeforeEach
    void launch() throws Exception {
        FrameworkFactory factory =
                ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        framework = factory.newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE,
                dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN,
                Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String jar : List.of(
                "org.osgi.util.function",
                "org.osgi.util.promise",
                "org.osgi.service.component",
                "org.apache.felix.configadmin",
                "org.apache.felix.scr",
                "slf4j-api",
                "slf4j-simple",
                "jakarta.servlet-api",
                "org.atrium.core")) {
            bundles.add(context.installBundle(classPathJar(jar).toUri().toString()));
        }
        bundles.add(context.installBundle(
                Path.of(System.getProperty("atrium.web.bundle")).toUri().toString()));
        for (Bundle bundle : bundles) {
            bundle.start();
        }
    }

    @AfterEach
    void shutdown() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(20_000);
        }
    }

    @Test
    void servesHealthAndWhiteboardServletsAndMovesPort() throws Exception {
        int port = freePort();
        configure(port);

        HttpResponse<String> health = await("http://127.0.0.1:" + port + "/api/v1/health", 200);
        assertTrue(health.body().contains("\"web\":{\"status\":\"UP\""), health.body());

        Bundle probe = framework.getBundleContext().installBundle("probe", probeBundle());
        probe.start();
        assertEquals(
                "probe tccl=own",
                await("http://127.0.0.1:" + port + "/probe/x", 200).body());

        probe.stop();
        assertEquals(404, get("http://127.0.0.1:" + port + "/probe/x").statusCode());

        int moved = freePort();
        configure(moved);
        await("http://127.0.0.1:" + moved + "/api/v1/health", 200);
        assertTrue(isFree(port), "old port still open");

        framework.stop();
        framework.waitForStop(20_000);
        framework = null;
        assertTrue(isFree(moved), "port still open after the framework stopped");
    }

    /** Creates or updates the configuration through Config Admin, by reflection: its API lives in a bundle. */
    private void configure(int port) throws Exception {
        BundleContext context = framework.getBundleContext();
        // All references, not only those assignable to the system bundle: the test's class path
        // holds Config Admin's jar too, so its view of org.osgi.service.cm differs from the bundles'.
        ServiceReference<?>[] references =
                context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
        if (references == null) {
            fail("no ConfigurationAdmin service");
        }
        ServiceReference<?> reference = references[0];
        Object admin = context.getService(reference);
        ClassLoader cm = admin.getClass().getClassLoader();
        Class<?> adminType = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object configuration = adminType
                .getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, "org.atrium.web", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("host", "127.0.0.1");
        properties.put("port", port);
        cm.loadClass("org.osgi.service.cm.Configuration")
                .getMethod("update", Dictionary.class)
                .invoke(configuration, properties);
    }

    /** A bundle holding the probe classes, importing only the servlet API and the framework. */
    private static InputStream probeBundle() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "org.atrium.web.itest.probe");
        main.putValue(Constants.BUNDLE_ACTIVATOR, ProbeActivator.class.getName());
        main.putValue(
                Constants.IMPORT_PACKAGE,
                "jakarta.servlet;version=\"[6,7)\",jakarta.servlet.http;version=\"[6,7)\",org.osgi.framework");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Class<?> type : List.of(ProbeActivator.class, ProbeServlet.class)) {
                String name = type.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(name));
                try (InputStream in = OsgiIT.class.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return new java.io.ByteArrayInputStream(bytes.toByteArray());
    }

    private static Path classPathJar(String artifactId) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (name.startsWith(artifactId + "-") && name.endsWith(".jar") && Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new IllegalStateException(artifactId + " is not on the test class path as a jar");
    }

    private static HttpResponse<String> await(String url, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = get(url);
                if (response.statusCode() == status) {
                    return response;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        return fail("no " + status + " from " + url + "; last: " + last);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
