package org.atrium.dicom.internal.ul;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.atrium.dicom.TlsConfig;

/** TLS server sockets for listeners: TLS 1.2 and 1.3 only, as the BCP 195 profiles of PS3.15 ask. */
final class Tls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Tls() {}

    /** An unbound server socket; the handshake happens on each association's thread. */
    static ServerSocket serverSocket(TlsConfig tls) throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(
                    load(tls.keystore(), tls.keystoreType(), tls.keystorePassword()),
                    tls.keystorePassword().toCharArray());
            TrustManagerFactory trust = null;
            if (tls.truststore() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(tls.truststore(), KeyStore.getDefaultType(), tls.truststorePassword()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            SSLServerSocket socket =
                    (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setEnabledProtocols(PROTOCOLS);
            socket.setNeedClientAuth(tls.clientAuthentication());
            return socket;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed for keystore " + tls.keystore() + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(java.nio.file.Path file, String type, String password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        } catch (IOException e) {
            throw new IOException("cannot read keystore " + file + ": " + e.getMessage(), e);
        }
        return store;
    }
}
