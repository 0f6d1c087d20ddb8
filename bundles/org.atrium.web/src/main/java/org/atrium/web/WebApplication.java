package org.atrium.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A web application with a servlet context of its own on the platform's web port, for frameworks
 * that need a whole context rather than one servlet (the Vaadin UI).
 *
 * <p>Register it as an OSGi service with {@link WebWhiteboard#CONTEXT} (a path such as {@code /ui});
 * the web server creates a context at that path, with sessions, whose class loader is the
 * registering bundle's, and calls {@link #onStartup} while the context starts, where a
 * {@code ServletContainerInitializer} would run: add servlets, filters and listeners there. The
 * context stops when the service goes away. Sessions expire after the configured timeout.
 */
@ConsumerType
public interface WebApplication {

    /** Sets up the context; a failure leaves the path unserved, with a log line. */
    void onStartup(ServletContext context) throws ServletException;
}
