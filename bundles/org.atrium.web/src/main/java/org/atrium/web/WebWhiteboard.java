package org.atrium.web;

/**
 * Service properties that put a {@code jakarta.servlet.Servlet} service on the platform's web port.
 *
 * <p>Register the servlet as an OSGi service with {@link #PATTERN}; the web bundle adds it to its
 * one servlet context (path {@code /}) while the service is registered and removes it when the
 * service goes away. Its calls run with the registering bundle's class loader as the thread
 * context class loader.
 *
 * <pre>{@code
 * @Component(service = Servlet.class, property = WebWhiteboard.PATTERN + "=/api/v1/studies/*")
 * public class StudiesServlet extends HttpServlet { ... }
 * }</pre>
 */
public final class WebWhiteboard {

    /**
     * Servlet URL patterns ({@code String} or {@code String[]}) as in {@code web.xml}: {@code
     * /exact/path}, {@code /prefix/*}, {@code *.ext} or {@code /} (the default servlet). When two
     * servlets claim the same pattern, the higher {@code service.ranking} wins, then the older
     * registration; the other one takes the pattern over if the winner goes away.
     */
    public static final String PATTERN = "atrium.web.pattern";

    /**
     * Prefix of service properties passed to the servlet as init parameters: {@code
     * atrium.web.init.foo=bar} becomes the init parameter {@code foo}.
     */
    public static final String INIT_PARAM_PREFIX = "atrium.web.init.";

    /**
     * Roles ({@code String} or {@code String[]}) of which a caller needs one to reach the servlet:
     * the platform authenticates the request (HTTP Basic against the Karaf JAAS realm, or a bearer
     * token from {@code POST /api/v1/tokens}) and answers 401 or 403 itself. The servlet then sees
     * the user through {@code getRemoteUser()}, {@code getUserPrincipal()} and {@code isUserInRole()}.
     * Without this property a servlet is public.
     */
    public static final String ROLES = "atrium.web.roles";

    /**
     * Context path ({@code String}, such as {@code /ui}) of a {@link WebApplication} service. The
     * root path belongs to the servlets above; a path already taken waits for its holder to leave.
     */
    public static final String CONTEXT = "atrium.web.context";

    /** Role of the site's administrators. */
    public static final String ROLE_ADMIN = "admin";

    /** Role of researchers and clinicians who search, view and build datasets. */
    public static final String ROLE_RESEARCHER = "researcher";

    private WebWhiteboard() {}
}
