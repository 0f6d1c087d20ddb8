package org.atrium.ui.vaadin.internal.viewer;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.atrium.ui.vaadin.internal.layout.MainLayout;

/** One series: slices, window/level, zoom and pan, the header, SEG overlays, SR and PDF. */
@Route(value = "viewer", layout = MainLayout.class)
@PageTitle("Viewer · Atrium")
public final class ViewerView extends VerticalLayout implements HasUrlParameter<String> {

    private static final long serialVersionUID = 1L;

    @Override
    public void setParameter(BeforeEvent event, String seriesInstanceUid) {
        removeAll();
        add(new H2("Series " + seriesInstanceUid));
    }
}
