package org.atrium.web.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atrium.web.Json;
import org.atrium.web.WebUser;

/**
 * {@code POST /api/v1/tokens} (with Basic credentials) issues a bearer token for scripts;
 * {@code DELETE} with the token revokes it.
 */
final class TokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PATTERN = "/api/v1/tokens";

    private final transient Tokens tokens;

    TokenServlet(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WebUser user = (WebUser) request.getUserPrincipal();
        Tokens.Issued issued = tokens.issue(user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", issued.token());
        body.put("expires", issued.expires().toString());
        body.put("user", user.name());
        body.put("roles", user.roles());
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setContentType(Json.CONTENT_TYPE);
        response.getWriter().write(Json.write(body));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            tokens.revoke(header.substring(7).trim());
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
