package org.atrium.ui.vaadin.internal.session;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import java.util.Optional;
import org.atrium.ui.vaadin.internal.viewer.ImageServlet;
import org.atrium.web.WebUser;
import org.atrium.web.WebWhiteboard;

/** Who is logged in to the current browser session. */
public final class Session {

    private Session() {}

    public static Optional<WebUser> user() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(WebUser.class));
    }

    public static boolean isAdmin() {
        return user().map(u -> u.hasRole(WebWhiteboard.ROLE_ADMIN)).orElse(false);
    }

    /**
     * Logs {@code user} in: a new HTTP session id first (so that an id planted before the log-in
     * is worth nothing), then the user on the Vaadin session.
     */
    public static void logIn(WebUser user) {
        VaadinService.reinitializeSession(VaadinService.getCurrentRequest());
        VaadinSession.getCurrent().setAttribute(WebUser.class, user);
        // For the viewer's image servlet, which runs beside Vaadin in the same HTTP session.
        VaadinSession.getCurrent().getSession().setAttribute(ImageServlet.USER, user);
    }

    /** Ends the HTTP session and goes back to the log-in page. */
    public static void logOut() {
        UI ui = UI.getCurrent();
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(WebUser.class, null);
        ui.getPage().setLocation(ui.getInternals().getContextRootRelativePath() + "login");
        session.getSession().invalidate();
        session.close();
    }
}
