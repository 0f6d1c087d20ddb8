package org.atrium.ui.vaadin.internal.extensions;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.atrium.extension.Extension;
import org.atrium.extension.ExtensionException;
import org.atrium.extension.Extensions;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.layout.MainLayout;
import org.atrium.ui.vaadin.internal.session.AdminOnly;
import org.atrium.ui.vaadin.internal.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For admins: the available and installed extensions with version, vendor and what they register;
 * install, uninstall, and upload of a KAR (installed at once, all or nothing).
 */
@Route(value = "extensions", layout = MainLayout.class)
@PageTitle("Extensions · Atrium")
@AdminOnly
public final class ExtensionsView extends VerticalLayout {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionsView.class);
    /** Largest KAR accepted: 512 MiB. */
    static final long MAX_KAR_BYTES = 512L << 20;

    private final Grid<Extension> grid = new Grid<>();
    private final Span result = new Span();

    public ExtensionsView() {
        setSizeFull();
        add(new H2("Extensions"));
        Optional<Extensions> extensions = Platform.current().extensions();
        if (extensions.isEmpty()) {
            add(new Span("The extension manager is not running."));
            return;
        }
        grid.setId("extensions");
        grid.addColumn(Extension::feature)
                .setHeader("Feature")
                .setSortable(true)
                .setFlexGrow(2);
        grid.addColumn(Extension::version).setHeader("Version");
        grid.addColumn(Extension::vendor).setHeader("Vendor");
        grid.addColumn(e -> e.installed() ? "installed" : "available")
                .setHeader("State")
                .setKey("state");
        grid.addColumn(e -> String.join(", ", e.algorithms())
                        + (e.tools().isEmpty() ? "" : " " + String.join(", ", e.tools())))
                .setHeader("Algorithms and tools")
                .setFlexGrow(2);
        grid.addColumn(Extension::description).setHeader("Description").setFlexGrow(2);
        grid.addComponentColumn(e -> action(extensions.get(), e))
                .setAutoWidth(true)
                .setFlexGrow(0);
        result.setId("extension-result");

        Path incoming = Path.of(System.getProperty("java.io.tmpdir"));
        String user = Session.user().map(u -> u.name()).orElse("unknown");
        UploadHandler handler = new UploadHandler() {
            @Override
            public void handleUploadRequest(UploadEvent event) throws IOException {
                String name = event.getFileName();
                String message;
                boolean ok = false;
                if (!name.toLowerCase(Locale.ROOT).endsWith(".kar")) {
                    message = name + " is not a KAR file (.kar)";
                } else {
                    // The KAR keeps its own file name: Karaf names the installed KAR after it.
                    Path folder = Files.createTempDirectory(incoming, "kar-upload-");
                    Path kar = folder.resolve(Path.of(name).getFileName().toString());
                    try (InputStream in = event.getInputStream()) {
                        Files.copy(in, kar, StandardCopyOption.REPLACE_EXISTING);
                        message = extensions.get().install(kar.toString());
                        ok = true;
                        LOG.info("{} installed extension {} from the UI: {}", user, name, message);
                    } catch (ExtensionException e) {
                        message = e.getMessage();
                        LOG.info("{} could not install {}: {}", user, name, message);
                    } finally {
                        Files.deleteIfExists(kar);
                        Files.deleteIfExists(folder);
                    }
                }
                String text = message;
                boolean installed = ok;
                event.getUI().access(() -> {
                    show(text, installed);
                    refresh(extensions.get());
                });
            }

            @Override
            public long getFileSizeMax() {
                return MAX_KAR_BYTES;
            }
        };
        Upload upload = new Upload(handler);
        upload.setId("kar-upload");
        upload.setAcceptedFileTypes(".kar");
        upload.setMaxFileSize((int) MAX_KAR_BYTES);
        add(
                new Paragraph(
                        "Extensions are Karaf features named atrium-ext-*, shipped as KAR files. Installing is all or"
                                + " nothing, and a newer version upgrades the installed one; upgrading and uninstalling"
                                + " are refused while the older version's jobs are queued or running."),
                upload,
                result,
                grid);
        setFlexGrow(1, grid);
        refresh(extensions.get());
    }

    private Button action(Extensions extensions, Extension extension) {
        // The row's own version: several versions of a feature can be known at once.
        String feature = extension.feature() + "/" + extension.version();
        Button button;
        if (extension.installed()) {
            button = new Button("Uninstall", e -> run(() -> extensions.uninstall(feature, false), extensions));
            button.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            button.addClassName("uninstall");
        } else {
            button = new Button("Install", e -> run(() -> extensions.install(feature), extensions));
            button.addThemeVariants(ButtonVariant.LUMO_SMALL);
            button.addClassName("install");
        }
        return button;
    }

    @FunctionalInterface
    private interface Change {
        String run() throws ExtensionException;
    }

    private void run(Change change, Extensions extensions) {
        try {
            show(change.run(), true);
        } catch (ExtensionException e) {
            show(e.getMessage(), false);
        }
        refresh(extensions);
    }

    private void show(String message, boolean ok) {
        result.setText(message);
        Notification.show(message, 5000, Notification.Position.BOTTOM_START)
                .addThemeVariants(ok ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
    }

    private void refresh(Extensions extensions) {
        try {
            grid.setItems(extensions.list());
        } catch (ExtensionException e) {
            show(e.getMessage(), false);
        }
    }
}
