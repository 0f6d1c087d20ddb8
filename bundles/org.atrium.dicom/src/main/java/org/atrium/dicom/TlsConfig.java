package org.atrium.dicom;

import java.nio.file.Path;

/**
 * TLS settings (PS3.15 secure transport connection profiles: TLS 1.2 and 1.3 only), for a listener
 * or for the associations requested from a remote node.
 *
 * <p>For a listener the keystore is required and a truststore asks peers for a certificate from it
 * (mutual authentication). For a remote {@link DicomNode} the keystore is optional and holds the
 * client certificate shown when the node asks for one; the node's certificate is verified against
 * the truststore, or against the JVM's default trusted certificates when there is none. Host names
 * are not matched against certificates (as DCMTK does not): trust comes from the truststore alone.
 *
 * @param keystore our key and certificate (PKCS12 or JKS); {@code null} for a node that needs no
 *     client certificate
 * @param keystorePassword password of the keystore and its key
 * @param keystoreType {@code PKCS12} or {@code JKS}
 * @param truststore certificates of the peers we trust; for a listener {@code null} accepts any
 *     peer without a client certificate (server authentication only), for a node {@code null}
 *     trusts the JVM's default certificate authorities
 * @param truststorePassword password of the truststore
 */
public record TlsConfig(
        Path keystore, String keystorePassword, String keystoreType, Path truststore, String truststorePassword) {

    public TlsConfig {
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        keystoreType = keystoreType == null || keystoreType.isBlank() ? "PKCS12" : keystoreType;
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
    }

    /** Settings for associations to a node: verify its certificate against {@code truststore}, show none. */
    public static TlsConfig trusting(Path truststore, String truststorePassword) {
        return new TlsConfig(null, null, null, truststore, truststorePassword);
    }

    /** For a listener: whether peers must present a certificate from the truststore. */
    public boolean clientAuthentication() {
        return truststore != null;
    }

    @Override
    public String toString() {
        return "TlsConfig[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}
