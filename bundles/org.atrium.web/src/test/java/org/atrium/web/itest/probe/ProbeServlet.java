package org.atrium.web.itest.probe;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Says which class loader it was called with, so that the test can check the web bundle set it. */
public final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean ownLoader = Thread.currentThread().getContextClassLoader() == ProbeServlet.class.getClassLoader();
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write("probe tccl=" + (ownLoader ? "own" : "other"));
    }
}
