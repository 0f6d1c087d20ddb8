package org.atrium.dicom.net.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.atrium.core.health.Health;
import org.atrium.core.health.HealthCheck;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomServer;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.net.DicomListeners.ListenerInfo;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.store.ResearchStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration of factory PID {@code org.atrium.dicom.listener} = one listening AE. A
 * changed configuration rebinds the listener; other listeners keep serving.
 */
@Component(
        service = {HealthCheck.class, ListenerComponent.class},
        configurationPid = ListenerConfiguration.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = ListenerConfiguration.class, factory = true)
public final class ListenerComponent implements HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerComponent.class);

    private final DicomServer.Listener listener;
    private final ListenerConfig config;
    private final boolean queryRetrieve;

    @Activate
    public ListenerComponent(
            @Reference DicomServer server,
            @Reference ResearchStore store,
            @Reference DicomFiles dicom,
            @Reference DicomNodes nodes,
            ListenerConfiguration configuration)
            throws IOException {
        this.config = new ListenerConfig(
                configuration.aeTitle(),
                configuration.bindAddress(),
                configuration.port(),
                Set.copyOf(Routing.values(configuration.allowedCallingAets())),
                Set.copyOf(Routing.values(configuration.allowedHosts())),
                store.incomingDir(),
                configuration.maxPduLength(),
                Duration.ofSeconds(configuration.idleTimeoutSeconds()),
                configuration.maxAssociations(),
                tls(configuration),
                Set.copyOf(Routing.values(configuration.aliases())));
        this.queryRetrieve = configuration.queryRetrieve();
        StoreServices services = new StoreServices(
                store, dicom, nodes, new Routing(configuration.labels(), configuration.routes()), config.aeTitle());
        try {
            this.listener =
                    server.listen(config, services, queryRetrieve ? services : null, queryRetrieve ? services : null);
        } catch (IOException e) {
            LOG.error(
                    "DICOM listener {} cannot bind {}:{}: {}",
                    config.aeTitle(),
                    config.bindAddress(),
                    config.port(),
                    e.getMessage());
            throw e;
        }
        LOG.info(
                "DICOM listener {} on {}:{}{}{}",
                config.aeTitle(),
                config.bindAddress(),
                listener.port(),
                config.tls() == null ? "" : " with TLS",
                queryRetrieve ? " (storage, query/retrieve)" : " (storage)");
    }

    private static TlsConfig tls(ListenerConfiguration configuration) {
        if (configuration.tlsKeystore().isBlank()) {
            return null;
        }
        return new TlsConfig(
                Path.of(configuration.tlsKeystore()),
                configuration.tlsKeystorePassword(),
                configuration.tlsKeystoreType(),
                configuration.tlsTruststore().isBlank() ? null : Path.of(configuration.tlsTruststore()),
                configuration.tlsTruststorePassword());
    }

    @Deactivate
    void deactivate() {
        listener.close();
        LOG.info("DICOM listener {} on port {} stopped", config.aeTitle(), config.port());
    }

    ListenerInfo info() {
        return new ListenerInfo(
                config.aeTitle(), config.bindAddress(), listener.port(), listener.activeAssociations(), queryRetrieve);
    }

    @Override
    public String component() {
        return "dicom:" + config.aeTitle();
    }

    @Override
    public Health check() {
        return Health.up(
                "listening on port " + listener.port(),
                Map.of(
                        "aeTitle",
                        config.aeTitle(),
                        "port",
                        listener.port(),
                        "activeAssociations",
                        listener.activeAssociations()));
    }
}
