package org.atrium.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.spi.LoginModule;
import org.atrium.web.WebWhiteboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API authentication through a real JAAS login (a realm of this test stands in for Karaf's
 * properties realm, which needs Karaf): Basic credentials, roles, tokens.
 */
class AuthenticationTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Accepts alice (researcher) and root (admin), as Karaf's realm does with RolePrincipal. */
    public static final class TestLoginModule implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;

        @Override
        public void initialize(
                Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> options) {
            this.subject = subject;
            this.handler = handler;
        }

        @Override
        public boolean login() throws javax.security.auth.login.LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new javax.security.auth.login.LoginException(e.toString());
            }
            String user = name.getName();
            String secret = new String(password.getPassword());
            String role = user.equals("alice") && secret.equals("wonderland")
                    ? "researcher"
                    : user.equals("root") && secret.equals("toor") ? "admin" : null;
            if (role == null) {
                throw new FailedLoginException("wrong user or password");
            }
            subject.getPrincipals().add(new RolePrincipal(role));
            subject.getPrincipals().add(new RolePrincipal("viewer"));
            return true;
        }

        @Override
        public boolean commit() {
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    /** Named as Karaf's role principal class is. */
    record RolePrincipal(String getName) implements Principal {}

    static final class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write(request.getRemoteUser() + " admin=" + request.isUserInRole("admin"));
        }
    }

    private Configuration previous;
    private WebServer server;
    private String base;

    @BeforeEach
    void start() {
        previous = Configuration.getConfiguration();
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return name.equals("karaf")
                        ? new AppConfigurationEntry[] {
                            new AppConfigurationEntry(
                                    TestLoginModule.class.getName(),
                                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                                    Map.of())
                        }
                        : null;
            }
        });
        server = new WebServer(Configs.loopback());
        base = "http://127.0.0.1:" + server.port();
        Authenticator authenticator = authenticatorOf(server);
        server.mount(
                "who",
                new ProtectedServlet(new WhoAmI(), Set.of("researcher", "admin"), authenticator),
                List.of("/api/v1/who"),
                Map.of(),
                0,
                getClass().getClassLoader());
        server.mount(
                "admin",
                new ProtectedServlet(new WhoAmI(), Set.of("admin"), authenticator),
                List.of("/api/v1/admin-only"),
                Map.of(),
                0,
                getClass().getClassLoader());
    }

    private static Authenticator authenticatorOf(WebServer server) {
        try {
            var field = WebServer.class.getDeclaredField("authenticator");
            field.setAccessible(true);
            return (Authenticator) field.get(server);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        server.deactivate();
        Configuration.setConfiguration(previous);
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anonymousAndWrongPasswordsGet401WithAChallenge() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/api/v1/who", null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertTrue(anonymous.body().contains("authentication required"), anonymous.body());

        assertEquals(401, send("GET", "/api/v1/who", basic("alice", "wrong")).statusCode());
        assertEquals(401, send("GET", "/api/v1/who", "Basic !!!not-base64").statusCode());
        assertEquals(401, send("GET", "/api/v1/who", "Bearer made-up").statusCode());
    }

    @Test
    void aUserWithARoleGetsThroughAndTheServletSeesWho() throws Exception {
        HttpResponse<String> alice = send("GET", "/api/v1/who", basic("alice", "wonderland"));
        assertEquals(200, alice.statusCode());
        assertEquals("alice admin=false", alice.body());
        assertEquals(
                "root admin=true",
                send("GET", "/api/v1/who", basic("root", "toor")).body());
    }

    @Test
    void aUserWithoutTheRoleGets403() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/admin-only", basic("alice", "wonderland"));
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("admin"), response.body());
        assertEquals(
                200, send("GET", "/api/v1/admin-only", basic("root", "toor")).statusCode());
    }

    @Test
    void scriptsUseATokenUntilItIsRevoked() throws Exception {
        assertEquals(401, send("POST", "/api/v1/tokens", null).statusCode());
        HttpResponse<String> issued = send("POST", "/api/v1/tokens", basic("alice", "wonderland"));
        assertEquals(201, issued.statusCode(), issued.body());
        Matcher token = Pattern.compile("\"token\":\"([A-Za-z0-9_-]+)\"").matcher(issued.body());
        assertTrue(token.find(), issued.body());
        String bearer = "Bearer " + token.group(1);

        assertEquals("alice admin=false", send("GET", "/api/v1/who", bearer).body());
        assertEquals(204, send("DELETE", "/api/v1/tokens", bearer).statusCode());
        assertEquals(401, send("GET", "/api/v1/who", bearer).statusCode());
    }

    @Test
    void rolePropertiesParse() throws Exception {
        assertEquals(List.of("researcher", "admin"), WebServer.roles("researcher, admin"));
        assertEquals(List.of(), WebServer.roles(null));
        assertEquals(List.of(WebWhiteboard.ROLE_ADMIN), WebServer.roles(new String[] {"admin"}));
    }
}
