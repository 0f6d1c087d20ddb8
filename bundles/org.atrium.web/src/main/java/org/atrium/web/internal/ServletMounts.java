package org.atrium.web.internal;

import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlets other bundles put on the server, kept on a started {@link ServletHandler}.
 *
 * <p>Jetty's handler has no "remove this servlet": each change hands it complete lists of holders
 * and mappings, the ones the handler had when it started (its 404 default servlet) plus ours.
 * Where several servlets claim one pattern only the best is mapped, so that Jetty never sees a
 * duplicate mapping, and the next best takes over when it leaves.
 */
final class ServletMounts {

    private static final Logger LOG = LoggerFactory.getLogger(ServletMounts.class);

    /** Higher ranking first, then the older mount. */
    private static final Comparator<Mount> PRECEDENCE =
            Comparator.comparingInt(Mount::ranking).reversed().thenComparingLong(Mount::order);

    private record Mount(Object key, ServletHolder holder, List<String> patterns, int ranking, long order) {}

    private final ServletHandler handler;
    private final List<ServletHolder> baseHolders;
    private final List<ServletMapping> baseMappings;
    private final Map<Object, Mount> mounts = new LinkedHashMap<>();
    private long sequence;

    ServletMounts(ServletHandler handler) {
        if (!handler.isStarted()) {
            throw new IllegalStateException("the servlet handler must be started");
        }
        this.handler = handler;
        this.baseHolders = List.of(handler.getServlets());
        this.baseMappings = List.of(handler.getServletMappings());
    }

    /**
     * Initializes {@code servlet} and maps it to {@code patterns}. Fails, leaving the server as it
     * was, when a pattern is malformed or the servlet's {@code init} throws.
     *
     * @param key identifies the mount for {@link #unmount}, such as the servlet's service reference
     * @param loader the thread context class loader for the servlet's calls
     */
    synchronized void mount(
            Object key,
            Servlet servlet,
            List<String> patterns,
            Map<String, String> initParameters,
            int ranking,
            ClassLoader loader) {
        if (mounts.containsKey(key)) {
            throw new IllegalStateException("already mounted: " + key);
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("no URL pattern for " + servlet);
        }
        patterns = List.copyOf(new LinkedHashSet<>(patterns));
        for (String pattern : patterns) {
            new ServletPathSpec(pattern); // throws IllegalArgumentException on a malformed pattern
        }
        long order = ++sequence;
        ServletHolder holder =
                new ServletHolder(servlet.getClass().getName() + "#" + order, new BundleServlet(servlet, loader));
        holder.setAsyncSupported(true);
        initParameters.forEach(holder::setInitParameter);
        Mount mount = new Mount(key, holder, patterns, ranking, order);

        List<ServletHolder> holders = holders();
        holders.add(holder);
        try {
            // The handler starts the new holder, and so calls init(), before it takes the list.
            handler.setServlets(holders.toArray(ServletHolder[]::new));
        } catch (RuntimeException e) {
            stopQuietly(holder);
            throw new IllegalStateException("cannot initialize " + servlet + ": " + rootMessage(e), e);
        }
        mounts.put(key, mount);
        handler.setServletMappings(mappings());
        for (String pattern : patterns) {
            Mount winner = winner(pattern);
            if (winner != mount) {
                LOG.warn(
                        "{} is already served by {}; {} waits for it",
                        pattern,
                        winner.holder().getName(),
                        holder.getName());
            }
        }
    }

    /** Unmaps and destroys the servlet mounted under {@code key}; false if there was none. */
    synchronized boolean unmount(Object key) {
        Mount mount = mounts.remove(key);
        if (mount == null) {
            return false;
        }
        // Mappings first: a mapping that names a holder the handler no longer has is an error.
        handler.setServletMappings(mappings());
        handler.setServlets(holders().toArray(ServletHolder[]::new));
        stopQuietly(mount.holder());
        return true;
    }

    /** Pattern to the name of the servlet serving it, for the health report. */
    synchronized Map<String, String> served() {
        Map<String, String> served = new TreeMap<>();
        for (Mount mount : mounts.values()) {
            for (String pattern : mount.patterns()) {
                served.putIfAbsent(pattern, winner(pattern).holder().getName());
            }
        }
        return served;
    }

    synchronized int size() {
        return mounts.size();
    }

    private List<ServletHolder> holders() {
        List<ServletHolder> holders = new ArrayList<>(baseHolders);
        mounts.values().forEach(mount -> holders.add(mount.holder()));
        return holders;
    }

    private ServletMapping[] mappings() {
        List<ServletMapping> mappings = new ArrayList<>(baseMappings);
        for (Mount mount : mounts.values()) {
            String[] won =
                    mount.patterns().stream().filter(p -> winner(p) == mount).toArray(String[]::new);
            if (won.length > 0) {
                ServletMapping mapping = new ServletMapping();
                mapping.setServletName(mount.holder().getName());
                mapping.setPathSpecs(won);
                mappings.add(mapping);
            }
        }
        return mappings.toArray(ServletMapping[]::new);
    }

    private Mount winner(String pattern) {
        return mounts.values().stream()
                .filter(mount -> mount.patterns().contains(pattern))
                .min(PRECEDENCE)
                .orElseThrow();
    }

    private static void stopQuietly(ServletHolder holder) {
        try {
            holder.stop();
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly", holder.getName(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    @Override
    public synchronized String toString() {
        return "ServletMounts"
                + Arrays.toString(
                        mounts.values().stream().map(m -> m.holder().getName()).toArray());
    }
}
