package org.atrium.extension.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.atrium.extension.ExtensionException;
import org.atrium.web.Json;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/extensions}.
 *
 * <pre>
 * GET    /api/v1/extensions                    installed and available extensions
 * POST   /api/v1/extensions?name=foo-1.0.kar   the KAR file as the body: installs it (admin)
 * POST   /api/v1/extensions/{feature}          installs an available extension feature (admin)
 * DELETE /api/v1/extensions/{feature}[?force=true]  uninstalls it (admin)
 * </pre>
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=/api/v1/extensions",
            WebWhiteboard.PATTERN + "=/api/v1/extensions/*",
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class ExtensionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final long MAX_KAR = 2L << 30;

    private final transient ExtensionManager extensions;

    @Activate
    public ExtensionServlet(@Reference ExtensionManager extensions) {
        this.extensions = extensions;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String info = request.getPathInfo();
        String feature = info == null || info.equals("/") ? null : info.substring(1);
        String method = request.getMethod();
        try {
            if (method.equals("GET") && feature == null) {
                json(response, 200, extensions.list());
                return;
            }
            if (!request.isUserInRole(WebWhiteboard.ROLE_ADMIN)) {
                json(response, 403, Map.of("error", "installing and uninstalling extensions needs the admin role"));
                return;
            }
            switch (method) {
                case "POST" -> json(
                        response,
                        200,
                        Map.of("message", feature == null ? upload(request) : extensions.install(feature)));
                case "DELETE" -> {
                    if (feature == null) {
                        json(response, 404, Map.of("error", "name the feature: DELETE /api/v1/extensions/{feature}"));
                        return;
                    }
                    boolean force = "true".equalsIgnoreCase(request.getParameter("force"));
                    json(response, 200, Map.of("message", extensions.uninstall(feature, force)));
                }
                default -> json(response, 405, Map.of("error", method + " is not allowed here"));
            }
        } catch (ExtensionException e) {
            json(response, e.getMessage().contains("queued or running") ? 409 : 400, Map.of("error", e.getMessage()));
        } catch (Exception e) {
            json(response, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private String upload(HttpServletRequest request) throws IOException, ExtensionException {
        String name = request.getParameter("name");
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,200}\\.kar")) {
            throw new ExtensionException("give the KAR's file name as ?name=<name>.kar (letters, digits, . _ -)");
        }
        if (request.getContentLengthLong() > MAX_KAR) {
            throw new ExtensionException("the KAR is larger than 2 GB");
        }
        Path folder = Files.createTempDirectory("atrium-kar-");
        Path kar = folder.resolve(name);
        try (InputStream in = request.getInputStream()) {
            Files.copy(in, kar, StandardCopyOption.REPLACE_EXISTING);
            return extensions.install(kar.toString());
        } finally {
            Files.deleteIfExists(kar);
            Files.deleteIfExists(folder);
        }
    }

    private static void json(HttpServletResponse response, int status, Object body) throws IOException {
        Json.send(response, status, body);
    }
}
