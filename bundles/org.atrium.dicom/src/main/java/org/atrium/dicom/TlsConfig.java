package org.atrium.dicom;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for a listener (PS3.15 secure transport connection profiles).
 *
 * @param keystore the listener's key and certificate (PKCS12 or JKS)
 * @param keystorePassword password of the keystore and its key
 * @param keystoreType {@code PKCS12} or {@code JKS}
 * @param truststore certificates of the peers allowed in; {@code null} accepts any peer without a
 *     client certificate (server authentication only)
 * @param truststorePassword password of the truststore
 */
public record TlsConfig(
        Path keystore, String keystorePassword, String keystoreType, Path truststore, String truststorePassword) {

    public TlsConfig {
        Objects.requireNonNull(keystore, "keystore");
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        keystoreType = keystoreType == null || keystoreType.isBlank() ? "PKCS12" : keystoreType;
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
    }

    /** Whether peers must present a certificate from the truststore. */
    public boolean clientAuthentication() {
        return truststore != null;
    }

    @Override
    public String toString() {
        return "TlsConfig[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}
