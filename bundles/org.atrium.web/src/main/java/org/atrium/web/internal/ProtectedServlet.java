package org.atrium.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import org.atrium.web.WebUser;

/** Lets only authenticated users with one of the servlet's roles through: 401 or 403 otherwise. */
final class ProtectedServlet implements Servlet {

    private final Servlet delegate;
    private final Set<String> roles;
    private final Authenticator authenticator;

    ProtectedServlet(Servlet delegate, Set<String> roles, Authenticator authenticator) {
        this.delegate = delegate;
        this.roles = Set.copyOf(roles);
        this.authenticator = authenticator;
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        Optional<WebUser> user = authenticator.authenticate(http);
        if (user.isEmpty()) {
            out.setHeader("WWW-Authenticate", "Basic realm=\"Atrium\", charset=\"UTF-8\"");
            out.sendError(HttpServletResponse.SC_UNAUTHORIZED, "authentication required: HTTP Basic or a bearer token");
            return;
        }
        if (!user.get().hasAnyOf(roles)) {
            out.sendError(HttpServletResponse.SC_FORBIDDEN, "needs one of the roles " + roles);
            return;
        }
        delegate.service(new Authenticated(http, user.get()), response);
    }

    private static final class Authenticated extends HttpServletRequestWrapper {

        private final WebUser user;

        Authenticated(HttpServletRequest request, WebUser user) {
            super(request);
            this.user = user;
        }

        @Override
        public String getRemoteUser() {
            return user.name();
        }

        @Override
        public Principal getUserPrincipal() {
            return user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return user.roles().contains(role);
        }

        @Override
        public String getAuthType() {
            return BASIC_AUTH;
        }
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        delegate.init(config);
    }

    @Override
    public ServletConfig getServletConfig() {
        return delegate.getServletConfig();
    }

    @Override
    public String getServletInfo() {
        return delegate.getServletInfo();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
