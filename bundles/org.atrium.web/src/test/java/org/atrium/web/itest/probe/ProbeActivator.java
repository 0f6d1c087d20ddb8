package org.atrium.web.itest.probe;

import jakarta.servlet.Servlet;
import java.util.Hashtable;
import org.atrium.web.WebWhiteboard;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Activator of the probe bundle that {@code OsgiIT} builds: registers one whiteboard servlet. */
public final class ProbeActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(WebWhiteboard.PATTERN, new String[] {"/probe", "/probe/*"});
        context.registerService(Servlet.class, new ProbeServlet(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the servlet
    }
}
