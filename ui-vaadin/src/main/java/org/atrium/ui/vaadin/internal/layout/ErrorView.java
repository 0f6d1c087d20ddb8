package org.atrium.ui.vaadin.internal.layout;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any unexpected failure while opening a view: a short message and a reference to the log line
 * that has the details; never a stack trace in the browser.
 */
@ParentLayout(MainLayout.class)
public final class ErrorView extends VerticalLayout implements HasErrorParameter<Exception> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ErrorView.class);

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("UI error {} at /{}", reference, event.getLocation().getPath(), parameter.getCaughtException());
        removeAll();
        add(
                new H2("Something went wrong"),
                new Paragraph("The administrators find the details in the log under reference " + reference + "."));
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
