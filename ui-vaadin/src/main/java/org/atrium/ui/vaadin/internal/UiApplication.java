package org.atrium.ui.vaadin.internal;

import com.vaadin.flow.di.LookupInitializer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.atrium.ui.vaadin.internal.viewer.ImageServlet;
import org.atrium.web.WebApplication;
import org.atrium.web.WebWhiteboard;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vaadin UI as a web application at {@value #PATH} on the platform's web port.
 *
 * <p>Jetty does not scan bundles, so this runs Vaadin's {@code ServletContainerInitializer}s itself
 * with the classes they ask for, found in this bundle's own packages; Vaadin's
 * {@link LookupInitializer} is always in the set, or Vaadin's service lookup stays empty.
 */
@Component(service = WebApplication.class, property = WebWhiteboard.CONTEXT + "=" + UiApplication.PATH)
public final class UiApplication implements WebApplication {

    static final String PATH = "/ui";

    private static final Logger LOG = LoggerFactory.getLogger(UiApplication.class);
    private static final String OWN_PACKAGES = "/org/atrium/ui/vaadin";

    private final BundleContext bundleContext;
    private final Platform platform;

    @Activate
    public UiApplication(BundleContext bundleContext, @Reference Platform platform) {
        this.bundleContext = bundleContext;
        this.platform = platform;
    }

    @Override
    public void onStartup(ServletContext context) throws ServletException {
        long started = System.nanoTime();
        context.setAttribute(Platform.class.getName(), platform);
        ClassLoader loader = getClass().getClassLoader();
        List<Class<?>> candidates = ownClasses(loader);
        candidates.add(LookupInitializer.class);
        for (ServletContainerInitializer initializer : ServiceLoader.load(ServletContainerInitializer.class, loader)) {
            HandlesTypes handles = initializer.getClass().getAnnotation(HandlesTypes.class);
            Set<Class<?>> matching = new HashSet<>();
            if (handles != null) {
                for (Class<?> candidate : candidates) {
                    for (Class<?> wanted : handles.value()) {
                        if (wanted.isAssignableFrom(candidate)
                                || (wanted.isAnnotation()
                                        && candidate.isAnnotationPresent(
                                                wanted.asSubclass(java.lang.annotation.Annotation.class)))) {
                            matching.add(candidate);
                        }
                    }
                }
            }
            initializer.onStartup(matching.isEmpty() ? null : matching, context);
        }
        ServletRegistration.Dynamic vaadin = context.addServlet("vaadin", new UiServlet());
        vaadin.addMapping("/*");
        vaadin.setAsyncSupported(true);
        vaadin.setLoadOnStartup(1);
        vaadin.setInitParameter("productionMode", "true");
        vaadin.setInitParameter("closeIdleSessions", "true");
        ServletRegistration.Dynamic images = context.addServlet(
                "images", new ImageServlet(platform.store(), platform.images(), platform.segmentations()));
        images.addMapping(ImageServlet.PATTERN);
        LOG.info(
                "UI ready at {} ({} classes scanned in {} ms)",
                PATH,
                candidates.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private List<Class<?>> ownClasses(ClassLoader loader) {
        List<Class<?>> classes = new ArrayList<>();
        BundleWiring wiring = bundleContext.getBundle().adapt(BundleWiring.class);
        for (String resource : wiring.listResources(
                OWN_PACKAGES, "*.class", BundleWiring.LISTRESOURCES_RECURSE | BundleWiring.LISTRESOURCES_LOCAL)) {
            String name =
                    resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
            try {
                classes.add(loader.loadClass(name));
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.debug("skipping {}: {}", name, e.toString());
            }
        }
        return classes;
    }
}
