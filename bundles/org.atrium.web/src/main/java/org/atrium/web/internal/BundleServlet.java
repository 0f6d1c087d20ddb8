package org.atrium.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Calls a servlet from another bundle with that bundle's class loader as the thread context class
 * loader, which libraries such as ServiceLoader, JAXB or Vaadin use to find the caller's classes.
 */
final class BundleServlet implements Servlet {

    private final Servlet delegate;
    private final ClassLoader loader;

    BundleServlet(Servlet delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    Servlet delegate() {
        return delegate;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            delegate.init(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            delegate.service(request, response);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void destroy() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            delegate.destroy();
        } finally {
            thread.setContextClassLoader(previous);
        }
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
    public String toString() {
        return delegate.toString();
    }
}
