package org.atrium.ui.vaadin.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Component;

/** Sends a browser that opens the server's root to the UI. */
@Component(service = Servlet.class, property = WebWhiteboard.PATTERN + "=")
public final class RootRedirect extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(UiApplication.PATH + "/");
    }
}
