package org.atrium.ui.vaadin.internal.login;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.Optional;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.session.PublicView;
import org.atrium.ui.vaadin.internal.session.Session;
import org.atrium.web.WebUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Name and password, checked against the platform's JAAS realm. */
@Route("login")
@PageTitle("Log in · Atrium")
@PublicView
public final class LoginView extends VerticalLayout {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LoginView.class);

    public LoginView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        LoginForm form = new LoginForm();
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(event -> {
            Optional<WebUser> user = Platform.current()
                    .realm()
                    .authenticate(event.getUsername(), event.getPassword().toCharArray());
            if (user.isEmpty()) {
                LOG.info("UI log-in refused for {}", event.getUsername());
                form.setError(true);
                return;
            }
            Session.logIn(user.get());
            LOG.info("{} logged in to the UI", user.get().name());
            getUI().ifPresent(ui -> ui.navigate(""));
        });
        add(
                new H1("Atrium"),
                new Paragraph("Share the algorithms, not the data. Log in with your site account."),
                form);
    }
}
