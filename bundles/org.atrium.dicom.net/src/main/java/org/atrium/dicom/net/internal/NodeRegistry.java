package org.atrium.dicom.net.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Collects the configured remote nodes, and adds, removes and echoes them. */
@Component(configurationPid = NodeRegistry.PID)
@Designate(ocd = NodeRegistry.Config.class)
public final class NodeRegistry implements DicomNodes {

    static final String PID = "org.atrium.dicom";
    static final String DEFAULT_AE_TITLE = "ATRIUM";
    /** Names become file names: etc/org.atrium.dicom.node-NAME.cfg. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Fileinstall writes a configuration back to the file this property names. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
    /** Keys of a node's etc file, in the order written. */
    private static final List<String> CFG_KEYS = List.of(
            "name",
            "aeTitle",
            "host",
            "port",
            "purposes",
            "tls",
            "tlsTruststore",
            "tlsTruststorePassword",
            "tlsKeystore",
            "tlsKeystorePassword",
            "tlsKeystoreType");

    @ObjectClassDefinition(name = "Atrium DICOM", description = "Settings shared by all DICOM operations.")
    public @interface Config {
        @AttributeDefinition(description = "Calling AE title towards remote nodes.")
        String aeTitle() default DEFAULT_AE_TITLE;
    }

    private final List<RemoteNode> nodes = new CopyOnWriteArrayList<>();
    private final DicomClient client;
    private final ConfigurationAdmin configurationAdmin;
    private volatile String localAeTitle;

    @Activate
    public NodeRegistry(
            @Reference DicomClient client, @Reference ConfigurationAdmin configurationAdmin, Config config) {
        this.client = client;
        this.configurationAdmin = configurationAdmin;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        localAeTitle = config.aeTitle();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addNode(RemoteNode node) {
        nodes.add(node);
    }

    void removeNode(RemoteNode node) {
        nodes.remove(node);
    }

    @Override
    public List<RemoteNode> list() {
        return nodes.stream().sorted(Comparator.comparing(n -> n.node().name())).toList();
    }

    @Override
    public Optional<RemoteNode> find(String nameOrAeTitle) {
        Optional<RemoteNode> byName = nodes.stream()
                .filter(n -> n.node().name().equals(nameOrAeTitle))
                .findFirst();
        return byName.isPresent()
                ? byName
                : nodes.stream()
                        .filter(n -> n.node().aeTitle().equals(nameOrAeTitle))
                        .findFirst();
    }

    @Override
    public String localAeTitle() {
        return localAeTitle;
    }

    @Override
    public void add(String name, String aeTitle, String host, int port, Set<RemoteNode.Purpose> purposes, TlsConfig tls)
            throws IOException {
        requireName(name);
        new DicomNode(name, aeTitle, host, port); // validates AE title and port
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a host name: '" + host + "'");
        }
        if (tls != null) {
            // A wrong path or password shows now, not at the first association.
            if (tls.truststore() != null) {
                requireReadable("truststore", tls.truststore(), KeyStore.getDefaultType(), tls.truststorePassword());
            }
            if (tls.keystore() != null) {
                requireReadable("keystore", tls.keystore(), tls.keystoreType(), tls.keystorePassword());
            }
        }
        Configuration configuration = configurationAdmin.getFactoryConfiguration(NodeConfig.FACTORY_PID, name, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        properties.put("aeTitle", aeTitle);
        properties.put("host", host);
        properties.put("port", port);
        properties.put(
                "purposes",
                String.join(",", purposes.stream().map(Enum::name).sorted().toList()));
        if (tls != null) {
            properties.put("tls", true);
            putIfSet(properties, "tlsTruststore", tls.truststore());
            putIfSet(properties, "tlsTruststorePassword", tls.truststore() == null ? null : tls.truststorePassword());
            putIfSet(properties, "tlsKeystore", tls.keystore());
            putIfSet(properties, "tlsKeystorePassword", tls.keystore() == null ? null : tls.keystorePassword());
            putIfSet(properties, "tlsKeystoreType", tls.keystore() == null ? null : tls.keystoreType());
        }
        Path file = etcFile(name);
        if (file != null) {
            // Fileinstall writes back only to files that exist (as Karaf's config commands do):
            // write it, then point the configuration at it.
            writeCfg(file, properties);
            properties.put(FILEINSTALL_FILENAME, file.toUri().toString());
        }
        configuration.update(properties);
    }

    @Override
    public boolean remove(String name) throws IOException {
        requireName(name);
        Configuration[] found = null;
        try {
            found = configurationAdmin.listConfigurations(
                    "(&(service.factoryPid=" + NodeConfig.FACTORY_PID + ")(name=" + name + "))");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a node name: '" + name + "'");
        }
        if (found == null || found.length == 0) {
            return false;
        }
        for (Configuration configuration : found) {
            Object filename = configuration.getProperties() == null
                    ? null
                    : configuration.getProperties().get(FILEINSTALL_FILENAME);
            configuration.delete();
            if (filename != null) {
                // Fileinstall deletes it too; make sure it does not bring the node back at the next start.
                try {
                    Files.deleteIfExists(Path.of(URI.create(filename.toString())));
                } catch (IllegalArgumentException notAFileUri) {
                    // written by hand with an odd name: fileinstall's business
                }
            }
        }
        return true;
    }

    private static void putIfSet(Dictionary<String, Object> properties, String key, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            properties.put(key, value.toString());
        }
    }

    private static void requireReadable(String what, Path file, String type, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore.getInstance(type).load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeCfg(Path file, Dictionary<String, Object> properties) throws IOException {
        StringBuilder text =
                new StringBuilder("# Remote DICOM node, written by atrium:node-add / POST /api/v1/nodes\n");
        for (String key : CFG_KEYS) {
            Object value = properties.get(key);
            if (value != null) {
                // .cfg files are read as Java properties: a backslash escapes.
                text.append(key)
                        .append(" = ")
                        .append(value.toString().replace("\\", "\\\\"))
                        .append('\n');
            }
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(
                temporary,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "not a node name: '" + name + "' (letters, digits, '.', '_', '-', at most 64)");
        }
    }

    private static Path etcFile(String name) {
        String etc = System.getProperty("karaf.etc");
        return etc == null
                ? null
                : Path.of(etc, NodeConfig.FACTORY_PID + "-" + name + ".cfg").toAbsolutePath();
    }

    @Override
    public EchoResult echo(String nameOrAeTitle) {
        Optional<RemoteNode> node = find(nameOrAeTitle);
        if (node.isEmpty()) {
            return new EchoResult(
                    nameOrAeTitle, -1, Failure.UNKNOWN_NODE, "no configured node '" + nameOrAeTitle + "'");
        }
        return echo(client, localAeTitle, node.get().node());
    }

    /** C-ECHO with the failure sorted into what an operator can act on. */
    static EchoResult echo(DicomClient client, String callingAet, DicomNode node) {
        try {
            Duration rtt = client.cecho(callingAet, node);
            return new EchoResult(node.name(), rtt.toMillis(), null, "C-ECHO " + node + ": success");
        } catch (DicomException e) {
            return new EchoResult(node.name(), -1, Failure.DIMSE_FAILURE, e.getMessage());
        } catch (IOException e) {
            return new EchoResult(node.name(), -1, classify(e), e.getMessage());
        } catch (RuntimeException e) {
            return new EchoResult(node.name(), -1, Failure.OTHER, e.toString());
        }
    }

    static Failure classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return Failure.TLS_HANDSHAKE;
            }
            if (t instanceof ConnectException) {
                return Failure.CONNECTION_REFUSED;
            }
            if (t instanceof UnknownHostException) {
                return Failure.UNKNOWN_HOST;
            }
            if (t instanceof SocketTimeoutException) {
                return Failure.TIMEOUT;
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("rejected")) {
                return Failure.ASSOCIATION_REJECTED;
            }
            if (message.contains("abort")) {
                return Failure.ASSOCIATION_ABORTED;
            }
            if (message.contains("unknown host")) {
                return Failure.UNKNOWN_HOST;
            }
            if (message.contains("connection refused")) {
                return Failure.CONNECTION_REFUSED;
            }
        }
        return Failure.OTHER;
    }
}
