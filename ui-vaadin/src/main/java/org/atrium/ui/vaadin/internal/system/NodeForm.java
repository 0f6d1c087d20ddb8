package org.atrium.ui.vaadin.internal.system;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;
import org.atrium.ui.vaadin.internal.Platform;

/**
 * Adds (or replaces) a remote DICOM node, as {@code atrium:node-add} does: name, AE title, host,
 * port, what the node is for, and optionally TLS with the truststore its certificate is checked
 * against. The registry checks the values and the stores; its message is shown as it is.
 */
final class NodeForm extends Details {

    private static final long serialVersionUID = 1L;

    private final TextField name = new TextField("Name");
    private final TextField aeTitle = new TextField("AE title");
    private final TextField host = new TextField("Host");
    private final IntegerField port = new IntegerField("Port");
    private final CheckboxGroup<RemoteNode.Purpose> purposes = new CheckboxGroup<>("Used for");
    private final Checkbox tls = new Checkbox("TLS");
    private final TextField truststore = new TextField("Truststore (PKCS12 on the server)");
    private final PasswordField truststorePassword = new PasswordField("Truststore password");

    NodeForm(Platform platform) {
        setSummaryText("Add a node");
        setId("node-form");
        name.setId("node-name");
        aeTitle.setId("node-aet");
        host.setId("node-host");
        port.setId("node-port");
        port.setMin(1);
        port.setMax(65535);
        purposes.setId("node-purposes");
        purposes.setItems(RemoteNode.Purpose.values());
        purposes.setValue(EnumSet.of(RemoteNode.Purpose.QUERY_RETRIEVE));
        tls.setId("node-tls");
        truststore.setVisible(false);
        truststorePassword.setVisible(false);
        tls.addValueChangeListener(e -> {
            truststore.setVisible(e.getValue());
            truststorePassword.setVisible(e.getValue());
        });
        Button save = new Button("Save node", e -> save(platform));
        save.setId("node-save");
        HorizontalLayout fields = new HorizontalLayout(name, aeTitle, host, port);
        fields.setWrap(true);
        HorizontalLayout security = new HorizontalLayout(tls, truststore, truststorePassword);
        security.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(fields, purposes, security, save);
    }

    private void save(Platform platform) {
        DicomNodes registry = platform.nodes().orElse(null);
        if (registry == null) {
            SystemView.notify("DICOM networking is not running", true);
            return;
        }
        if (port.getValue() == null) {
            SystemView.notify("Give the node's port", true);
            return;
        }
        Set<RemoteNode.Purpose> used = purposes.getValue();
        TlsConfig security = null;
        if (tls.getValue()) {
            security = truststore.getValue().isBlank()
                    ? TlsConfig.trusting(null, null)
                    : TlsConfig.trusting(Path.of(truststore.getValue().trim()), truststorePassword.getValue());
        }
        try {
            registry.add(
                    name.getValue().trim(),
                    aeTitle.getValue().trim(),
                    host.getValue().trim(),
                    port.getValue(),
                    used.isEmpty() ? EnumSet.noneOf(RemoteNode.Purpose.class) : EnumSet.copyOf(used),
                    security);
            SystemView.notify("Node " + name.getValue().trim() + " saved", false);
        } catch (IOException | IllegalArgumentException e) {
            SystemView.notify("Node not saved: " + e.getMessage(), true);
        }
    }
}
