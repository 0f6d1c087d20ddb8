package org.atrium.ui.vaadin.internal.session;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import org.atrium.ui.vaadin.internal.login.LoginView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every navigation: sends anyone not logged in to the log-in page, and refuses admin
 * views to non-admins (they get the "not found" page, as if the view did not exist).
 */
public final class AccessControl implements BeforeEnterListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (target.isAnnotationPresent(PublicView.class)) {
            return;
        }
        if (Session.user().isEmpty()) {
            event.forwardTo(LoginView.class);
            return;
        }
        if (target.isAnnotationPresent(AdminOnly.class) && !Session.isAdmin()) {
            LOG.warn(
                    "{} is not an admin: refused {}",
                    Session.user().get().name(),
                    event.getLocation().getPath());
            event.rerouteToError(AccessDeniedException.class, "This page is for administrators.");
        }
    }
}
