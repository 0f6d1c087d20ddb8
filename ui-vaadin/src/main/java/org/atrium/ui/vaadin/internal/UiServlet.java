package org.atrium.ui.vaadin.internal;

import com.vaadin.flow.server.VaadinServlet;
import org.atrium.ui.vaadin.internal.session.AccessControl;

/** Vaadin's servlet, with the access control of every view attached to each new UI. */
final class UiServlet extends VaadinServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void servletInitialized() throws jakarta.servlet.ServletException {
        super.servletInitialized();
        getService().addUIInitListener(event -> event.getUI().addBeforeEnterListener(new AccessControl()));
    }
}
