package org.atrium.shell.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;

@Command(
        scope = "atrium",
        name = "node-add",
        description = "Adds or replaces a remote DICOM node (kept as etc/org.atrium.dicom.node-<name>.cfg).")
@Service
public class NodeAddCommand implements Action {

    @Reference
    DicomNodes nodes;

    @Argument(index = 0, name = "name", description = "Name of the node", required = true)
    String name;

    @Argument(index = 1, name = "aet", description = "Its AE title", required = true)
    String aeTitle;

    @Argument(index = 2, name = "host", description = "Host name or address", required = true)
    String host;

    @Argument(index = 3, name = "port", description = "DICOM port", required = true)
    int port;

    @Option(
            name = "-p",
            aliases = "--purposes",
            description = "QUERY_RETRIEVE, STORE, MOVE_DESTINATION, comma separated (default QUERY_RETRIEVE,STORE)")
    String purposes = "QUERY_RETRIEVE,STORE";

    @Option(name = "--tls", description = "Associate over TLS 1.2/1.3")
    boolean tls;

    @Option(
            name = "--truststore",
            description = "PKCS12/JKS file with the node's certificate or its CA (implies --tls;"
                    + " default: the JVM's certificate authorities)")
    String truststore;

    @Option(name = "--truststore-password", description = "Password of the truststore", censor = true)
    String truststorePassword;

    @Option(
            name = "--keystore",
            description = "PKCS12/JKS file with our key and client certificate, for nodes that ask for one"
                    + " (implies --tls)")
    String keystore;

    @Option(name = "--keystore-password", description = "Password of the keystore and its key", censor = true)
    String keystorePassword;

    @Option(name = "--keystore-type", description = "PKCS12 (default) or JKS")
    String keystoreType;

    // Karaf reads options only before the first argument: take "-p X" (or "X") and the TLS options after the
    // port too.
    @Argument(
            index = 4,
            name = "options",
            description = "[-p] purposes and --tls options, as the options",
            multiValued = true)
    java.util.List<String> trailing;

    @Override
    public Object execute() throws Exception {
        if (trailing != null && !trailing.isEmpty()) {
            readTrailing(trailing);
        }
        TlsConfig tlsConfig = tls || truststore != null || keystore != null
                ? new TlsConfig(
                        keystore == null ? null : Path.of(keystore),
                        keystorePassword,
                        keystoreType,
                        truststore == null ? null : Path.of(truststore),
                        truststorePassword)
                : null;
        nodes.add(name, aeTitle, host, port, purposes(purposes), tlsConfig);
        System.out.printf(
                "Node %s (%s@%s:%d) saved, purposes %s%s%n",
                name,
                aeTitle,
                host,
                port,
                purposes(purposes),
                tlsConfig == null
                        ? ""
                        : ", TLS (truststore " + (truststore == null ? "of the JVM" : truststore) + ", "
                                + (keystore == null ? "no client certificate" : "client certificate from " + keystore)
                                + ")");
        return null;
    }

    /** Options given after the arguments; anything else is a purpose. */
    private void readTrailing(java.util.List<String> values) {
        java.util.List<String> purposeValues = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            switch (value) {
                case "-p", "--purposes" -> purposeValues.add(valueAfter(values, ++i, value));
                case "--tls" -> tls = true;
                case "--truststore" -> truststore = valueAfter(values, ++i, value);
                case "--truststore-password" -> truststorePassword = valueAfter(values, ++i, value);
                case "--keystore" -> keystore = valueAfter(values, ++i, value);
                case "--keystore-password" -> keystorePassword = valueAfter(values, ++i, value);
                case "--keystore-type" -> keystoreType = valueAfter(values, ++i, value);
                default -> purposeValues.add(value);
            }
        }
        if (!purposeValues.isEmpty()) {
            purposes = String.join(",", purposeValues);
        }
    }

    private static String valueAfter(java.util.List<String> values, int index, String option) {
        if (index >= values.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return values.get(index);
    }

    static Set<RemoteNode.Purpose> purposes(String text) {
        Set<RemoteNode.Purpose> result = EnumSet.noneOf(RemoteNode.Purpose.class);
        for (String part : text.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                result.add(RemoteNode.Purpose.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown purpose '" + part + "': QUERY_RETRIEVE, STORE or MOVE_DESTINATION");
            }
        }
        return result;
    }
}
