package org.atrium.ui.vaadin.internal.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import org.atrium.ui.vaadin.internal.dashboard.DashboardView;
import org.atrium.ui.vaadin.internal.datasets.DatasetsView;
import org.atrium.ui.vaadin.internal.extensions.ExtensionsView;
import org.atrium.ui.vaadin.internal.pacs.PacsView;
import org.atrium.ui.vaadin.internal.session.Session;
import org.atrium.ui.vaadin.internal.system.SystemView;
import org.atrium.ui.vaadin.internal.upload.UploadView;
import org.atrium.ui.vaadin.internal.workflows.WorkflowsView;

/** The frame around every page: title, navigation (admin pages only for admins), user, log-out. */
public final class MainLayout extends AppLayout {

    private static final long serialVersionUID = 1L;

    public MainLayout() {
        H1 title = new H1("Atrium");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        Span user = new Span(Session.user().map(u -> u.name()).orElse(""));
        user.setId("current-user");
        Button logout = new Button("Log out", VaadinIcon.SIGN_OUT.create(), e -> Session.logOut());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, user, logout);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(title);
        header.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(header);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Datasets", DatasetsView.class, VaadinIcon.FOLDER_OPEN.create()));
        nav.addItem(new SideNavItem("Workflows", WorkflowsView.class, VaadinIcon.COGS.create()));
        nav.addItem(new SideNavItem("Upload", UploadView.class, VaadinIcon.UPLOAD.create()));
        nav.addItem(new SideNavItem("PACS", PacsView.class, VaadinIcon.HOSPITAL.create()));
        if (Session.isAdmin()) {
            nav.addItem(new SideNavItem("Extensions", ExtensionsView.class, VaadinIcon.PUZZLE_PIECE.create()));
            nav.addItem(new SideNavItem("System", SystemView.class, VaadinIcon.COG.create()));
        }
        addToDrawer(nav);
    }
}
