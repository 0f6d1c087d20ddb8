package org.atrium.ui.vaadin.internal.layout;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.shared.Registration;

/**
 * Refreshes a view every few seconds while it is on screen: Vaadin polling (the UI has no push),
 * turned on when the view attaches and off when it detaches.
 */
public final class Polling {

    private Polling() {}

    public static void whileAttached(Component view, int intervalMs, Runnable refresh) {
        Registration[] poll = new Registration[1];
        view.addAttachListener(attach -> {
            attach.getUI().setPollInterval(intervalMs);
            poll[0] = attach.getUI().addPollListener(event -> refresh.run());
        });
        view.addDetachListener(detach -> {
            detach.getUI().setPollInterval(-1);
            if (poll[0] != null) {
                poll[0].remove();
                poll[0] = null;
            }
        });
    }
}
