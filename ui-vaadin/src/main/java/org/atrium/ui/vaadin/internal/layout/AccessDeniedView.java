package org.atrium.ui.vaadin.internal.layout;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import jakarta.servlet.http.HttpServletResponse;
import org.atrium.ui.vaadin.internal.session.AccessDeniedException;

/** What a user sees instead of a view their roles do not allow. */
@ParentLayout(MainLayout.class)
public final class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    private static final long serialVersionUID = 1L;

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        removeAll();
        add(new H2("Not allowed"), new Paragraph(parameter.getCustomMessage()));
        setId("access-denied");
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
