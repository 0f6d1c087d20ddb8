package org.atrium.ui.vaadin.internal.system;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.atrium.core.health.Health;
import org.atrium.core.health.HealthCheck;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.net.DicomListeners.ListenerInfo;
import org.atrium.dicom.net.RemoteNode;
import org.atrium.store.StoreException;
import org.atrium.store.StoreStatistics;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.layout.MainLayout;
import org.atrium.ui.vaadin.internal.layout.Polling;
import org.atrium.ui.vaadin.internal.session.AdminOnly;

/** For admins: health, DICOM listeners and remote nodes with echo, store usage, version, recent log. */
@Route(value = "system", layout = MainLayout.class)
@PageTitle("System · Atrium")
@AdminOnly
public final class SystemView extends VerticalLayout {

    private static final long serialVersionUID = 1L;
    private static final int LOG_LINES = 200;
    private static final int TAIL_BYTES = 256 * 1024;
    private static final int NODE_POLL_MS = 2000;

    private transient List<RemoteNode> shownNodes = List.of();

    public SystemView() {
        Platform platform = Platform.current();
        add(new H2("System"), new Span("Atrium " + platform.version()));

        add(new H3("Health"));
        Grid<HealthCheck> health = new Grid<>();
        health.setId("health");
        health.setAllRowsVisible(true);
        health.addColumn(HealthCheck::component).setHeader("Component").setSortable(true);
        health.addColumn(c -> safeCheck(c).status().toString()).setHeader("Status");
        health.addColumn(c -> safeCheck(c).message()).setHeader("Detail").setFlexGrow(3);
        health.setItems(platform.healthChecks().stream()
                .sorted(Comparator.comparing(HealthCheck::component))
                .toList());
        add(health);

        add(new H3("Research store"));
        Span usage = new Span();
        usage.setId("store-usage");
        try {
            StoreStatistics stats = platform.store().statistics();
            usage.setText(String.format(
                    java.util.Locale.ROOT,
                    "%d patients, %d studies, %d series, %d instances; %.1f GiB stored, %.1f GiB free; index: %s",
                    stats.patients(),
                    stats.studies(),
                    stats.series(),
                    stats.instances(),
                    stats.bytes() / (double) (1L << 30),
                    stats.freeBytes() / (double) (1L << 30),
                    stats.database()));
        } catch (StoreException e) {
            usage.setText("unavailable: " + e.getMessage());
        }
        add(usage);

        add(new H3("DICOM listeners"));
        Grid<ListenerInfo> listeners = new Grid<>();
        listeners.setId("listeners");
        listeners.setAllRowsVisible(true);
        listeners.addColumn(ListenerInfo::aeTitle).setHeader("AE title");
        listeners.addColumn(l -> l.bindAddress() + ":" + l.port()).setHeader("Address");
        listeners.addColumn(ListenerInfo::activeAssociations).setHeader("Associations");
        listeners.addColumn(l -> l.queryRetrieve() ? "yes" : "no").setHeader("Query/Retrieve");
        listeners.setItems(platform.listeners().map(l -> l.list()).orElse(List.of()));
        add(listeners);

        add(new H3("Remote DICOM nodes"));
        Grid<RemoteNode> nodes = new Grid<>();
        nodes.setId("nodes");
        nodes.setAllRowsVisible(true);
        nodes.addColumn(n -> n.node().name()).setHeader("Name");
        nodes.addColumn(n -> n.node().aeTitle()).setHeader("AE title");
        nodes.addColumn(n -> n.node().host() + ":" + n.node().port()).setHeader("Address");
        nodes.addColumn(n -> n.purposes().toString()).setHeader("Purposes");
        nodes.addColumn(n -> n.node().tls() == null ? "" : "TLS").setHeader("TLS");
        nodes.addComponentColumn(n -> {
                    Span result = new Span();
                    result.addClassName("echo-result");
                    Button echo = new Button("Echo", e -> result.setText(echo(platform, n)));
                    echo.addClassName("echo");
                    echo.setId("echo-" + n.node().name());
                    result.setId("echo-result-" + n.node().name());
                    Button remove = new Button("Remove", e -> confirmRemove(platform, n));
                    remove.addClassName("remove-node");
                    remove.setId("remove-" + n.node().name());
                    remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                    return new VerticalLayout(new HorizontalLayout(echo, remove), result);
                })
                .setHeader("");
        shownNodes = platform.nodes().map(n -> n.list()).orElse(List.of());
        nodes.setItems(shownNodes);
        add(nodes, new NodeForm(platform));
        // Nodes appear once their configuration is active, a moment after they are saved.
        Polling.whileAttached(
                this, NODE_POLL_MS, () -> Platform.current().nodes().ifPresent(registry -> {
                    List<RemoteNode> now = registry.list();
                    if (!now.equals(shownNodes)) {
                        shownNodes = now;
                        nodes.setItems(now);
                    }
                }));

        add(new H3("Recent log"));
        Pre log = new Pre(recentLog());
        log.setId("recent-log");
        log.getStyle().set("max-height", "400px").set("overflow", "auto").set("font-size", "var(--lumo-font-size-xs)");
        add(log);
    }

    private void confirmRemove(Platform platform, RemoteNode node) {
        ConfirmDialog confirm = new ConfirmDialog(
                "Remove " + node.node().name() + "?",
                "Its configuration goes (etc/org.atrium.dicom.node-"
                        + node.node().name() + ".cfg); imports and forwards that name it fail until it is added again.",
                "Remove",
                e -> {
                    try {
                        platform.nodes().orElseThrow().remove(node.node().name());
                        notify("Node " + node.node().name() + " removed", false);
                    } catch (IOException | RuntimeException ex) {
                        notify("Cannot remove " + node.node().name() + ": " + ex.getMessage(), true);
                    }
                });
        confirm.setConfirmButtonTheme("error primary");
        confirm.setCancelable(true);
        confirm.setId("confirm-remove-node");
        confirm.open();
    }

    static void notify(String text, boolean error) {
        Notification note = Notification.show(text, error ? 8000 : 3000, Notification.Position.BOTTOM_START);
        note.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }

    private static Health safeCheck(HealthCheck check) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            return Health.down(e.toString());
        }
    }

    private static String echo(Platform platform, RemoteNode node) {
        if (platform.client().isEmpty() || platform.nodes().isEmpty()) {
            return "DICOM networking is not running";
        }
        try {
            Duration took = platform.client().get().cecho(platform.nodes().get().localAeTitle(), node.node());
            return "OK in " + took.toMillis() + " ms";
        } catch (IOException | DicomException e) {
            return "failed: " + e.getMessage();
        }
    }

    /** The last lines of Karaf's log file, when the platform writes one. */
    static String recentLog() {
        String logDir = System.getProperty("karaf.log");
        if (logDir == null) {
            return "(no log folder known)";
        }
        Path file = Path.of(logDir, "karaf.log");
        if (!Files.isReadable(file)) {
            return "(no log file at " + file + ")";
        }
        // Only the end of the file: the log grows to many megabytes between rotations.
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            long start = Math.max(0, channel.size() - TAIL_BYTES);
            channel.position(start);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) (channel.size() - start));
            while (tail.hasRemaining() && channel.read(tail) > 0) {
                // read to the end
            }
            List<String> lines =
                    List.of(new String(tail.array(), 0, tail.position(), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .split("\\R", -1));
            if (start > 0) {
                lines = lines.subList(1, lines.size()); // the first line was cut
            }
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines = lines.subList(0, lines.size() - 1);
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
