package org.atrium.dicom.net.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.net.RemoteNode;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/** One configuration of factory PID {@code org.atrium.dicom.node} = one remote node service. */
@Component(
        service = {},
        configurationPid = NodeConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NodeConfig.class, factory = true)
public final class NodeComponent {

    private final ServiceRegistration<RemoteNode> registration;

    @Activate
    public NodeComponent(BundleContext context, NodeConfig config) {
        RemoteNode node = new RemoteNode(
                new DicomNode(config.name(), config.aeTitle(), config.host(), config.port(), tls(config)),
                purposes(config.purposes()));
        registration = context.registerService(RemoteNode.class, node, null);
    }

    /** The node's TLS settings, {@code null} for plain TCP. */
    static TlsConfig tls(NodeConfig config) {
        if (!config.tls()) {
            return null;
        }
        return new TlsConfig(
                path(config.tlsKeystore()),
                config.tlsKeystorePassword(),
                config.tlsKeystoreType(),
                path(config.tlsTruststore()),
                config.tlsTruststorePassword());
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    static Set<RemoteNode.Purpose> purposes(String[] values) {
        Set<RemoteNode.Purpose> purposes = EnumSet.noneOf(RemoteNode.Purpose.class);
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    purposes.add(RemoteNode.Purpose.valueOf(part.trim().toUpperCase(Locale.ROOT)));
                }
            }
        }
        return purposes;
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
