package org.atrium.pacs.internal.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;
import org.atrium.web.Requests;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/nodes}: the remote DICOM nodes.
 *
 * <pre>
 * GET    /api/v1/nodes                 list
 * POST   /api/v1/nodes                 {"name", "aeTitle", "host", "port", "purposes": [..], "tls": false,
 *                                      "tlsTruststore", "tlsTruststorePassword", "tlsKeystore",
 *                                      "tlsKeystorePassword", "tlsKeystoreType"} (admin)
 * DELETE /api/v1/nodes/{name}          (admin)
 * POST   /api/v1/nodes/{name}/echo     C-ECHO: {"success", "millis"} or {"failure", "message"}
 * </pre>
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=/api/v1/nodes",
            WebWhiteboard.PATTERN + "=/api/v1/nodes/*",
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class NodesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient DicomNodes nodes;

    @Activate
    public NodesServlet(@Reference DicomNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            List<String> path = Requests.pathParts(request);
            String method = request.getMethod();
            if (path.isEmpty() && method.equals("GET")) {
                Rest.json(
                        response,
                        200,
                        nodes.list().stream().map(NodesServlet::toJson).toList());
            } else if (path.isEmpty() && method.equals("POST")) {
                Rest.requireAdmin(request);
                Map<String, Object> body = Rest.body(request);
                String name = Rest.string(body, "name", null);
                Object port = body.get("port");
                if (!(port instanceof Number number)) {
                    throw new Rest.Failure(400, "'port' must be a number");
                }
                Set<RemoteNode.Purpose> purposes = EnumSet.noneOf(RemoteNode.Purpose.class);
                for (String p : Rest.strings(body, "purposes")) {
                    try {
                        purposes.add(RemoteNode.Purpose.valueOf(p.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new Rest.Failure(400, "unknown purpose '" + p + "'");
                    }
                }
                if (purposes.isEmpty()) {
                    purposes.add(RemoteNode.Purpose.QUERY_RETRIEVE);
                    purposes.add(RemoteNode.Purpose.STORE);
                }
                TlsConfig tls = tls(body);
                nodes.add(
                        name,
                        Rest.string(body, "aeTitle", null),
                        Rest.string(body, "host", null),
                        number.intValue(),
                        purposes,
                        tls);
                Map<String, Object> out = new LinkedHashMap<>(body);
                out.put("purposes", purposes);
                out.put("tls", tls != null);
                out.remove("tlsTruststorePassword");
                out.remove("tlsKeystorePassword");
                Rest.json(response, 201, out);
            } else if (path.size() == 1 && method.equals("DELETE")) {
                Rest.requireAdmin(request);
                if (!nodes.remove(path.get(0))) {
                    throw new Rest.Failure(404, "no node '" + path.get(0) + "'");
                }
                response.setStatus(204);
            } else if (path.size() == 2 && path.get(1).equals("echo") && method.equals("POST")) {
                DicomNodes.EchoResult result = nodes.echo(path.get(0));
                if (result.failure() == DicomNodes.Failure.UNKNOWN_NODE) {
                    throw new Rest.Failure(404, result.message());
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("node", result.node());
                out.put("success", result.success());
                out.put("millis", result.millis());
                out.put("failure", result.failure());
                out.put("message", result.message());
                Rest.json(response, 200, out);
            } else {
                throw new Rest.Failure(path.isEmpty() ? 405 : 404, "no such resource: " + method + " " + path);
            }
        } catch (Rest.Failure e) {
            Rest.error(response, e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            Rest.error(response, 400, e.getMessage());
        }
    }

    /** TLS settings of a node definition: on with {@code "tls": true} or a truststore or keystore. */
    static TlsConfig tls(Map<String, Object> body) throws Rest.Failure {
        Object flag = body.get("tls");
        if (flag != null && !(flag instanceof Boolean)) {
            throw new Rest.Failure(400, "'tls' must be true or false");
        }
        String truststore = optional(body, "tlsTruststore");
        String keystore = optional(body, "tlsKeystore");
        if (!Boolean.TRUE.equals(flag) && truststore == null && keystore == null) {
            return null;
        }
        return new TlsConfig(
                keystore == null ? null : Path.of(keystore),
                optional(body, "tlsKeystorePassword"),
                optional(body, "tlsKeystoreType"),
                truststore == null ? null : Path.of(truststore),
                optional(body, "tlsTruststorePassword"));
    }

    private static String optional(Map<String, Object> body, String key) throws Rest.Failure {
        String value = Rest.string(body, key, "");
        return value.isBlank() ? null : value;
    }

    static Map<String, Object> toJson(RemoteNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", node.node().name());
        out.put("aeTitle", node.node().aeTitle());
        out.put("host", node.node().host());
        out.put("port", node.node().port());
        out.put("purposes", node.purposes().stream().sorted().toList());
        TlsConfig tls = node.node().tls();
        out.put("tls", tls != null);
        if (tls != null) {
            // Where the stores are, never their passwords.
            out.put(
                    "tlsTruststore",
                    tls.truststore() == null ? null : tls.truststore().toString());
            out.put(
                    "tlsKeystore",
                    tls.keystore() == null ? null : tls.keystore().toString());
        }
        return out;
    }
}
