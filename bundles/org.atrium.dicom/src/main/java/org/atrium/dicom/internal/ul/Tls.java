package org.atrium.dicom.internal.ul;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.TlsConfig;

/** TLS sockets for listeners and for associations we request: TLS 1.2 and 1.3 only, as the BCP 195 profiles of PS3.15 ask. */
final class Tls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * Client contexts by settings, kept while their key and trust files are unchanged: loading a
     * keystore costs more than a resumed handshake, and a shared context lets sessions resume.
     */
    private static final Map<TlsConfig, ClientContext> CLIENT_CONTEXTS = new ConcurrentHashMap<>();

    private record ClientContext(long keystoreModified, long truststoreModified, SSLContext context) {}

    private Tls() {}

    /** An unbound server socket; the handshake happens on each association's thread. */
    static ServerSocket serverSocket(TlsConfig tls) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(tls), trustManagers(tls), null);
            SSLServerSocket socket =
                    (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setEnabledProtocols(PROTOCOLS);
            socket.setNeedClientAuth(tls.clientAuthentication());
            return socket;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed for keystore " + tls.keystore() + ": " + e.getMessage(), e);
        }
    }

    /**
     * TLS over the connected {@code socket} to {@code node}, handshake done, so that a node that
     * cannot be trusted fails here with a message that says so. Closing the result closes {@code socket}.
     */
    static SSLSocket handshake(Socket socket, DicomNode node) throws IOException {
        SSLContext context = clientContext(node);
        SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(socket, node.host(), node.port(), true);
        try {
            secure.setEnabledProtocols(PROTOCOLS);
            secure.setUseClientMode(true);
            secure.startHandshake();
            return secure;
        } catch (IOException e) {
            secure.close();
            throw handshakeFailed(node, e);
        }
    }

    /**
     * The handshake failure as an {@link SSLException} that names the node and the reason. With TLS
     * 1.3 a server that refuses our certificate says so only after the handshake, at the first read.
     */
    static SSLException handshakeFailed(DicomNode node, IOException cause) {
        String prefix = "TLS handshake with " + node + " failed: ";
        if (cause.getMessage() != null && cause.getMessage().startsWith(prefix)) {
            return (SSLException) cause;
        }
        Throwable untrusted = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException
                    || t instanceof CertificateException) {
                untrusted = t; // the innermost says it most plainly
            }
        }
        String reason;
        if (untrusted != null) {
            Path truststore = node.tls().truststore();
            reason = "its certificate is not trusted ("
                    + (truststore == null
                            ? "not signed by a default certificate authority of the JVM"
                            : "not in truststore " + truststore)
                    + "; " + untrusted.getMessage() + ")";
        } else {
            reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            if (!(cause instanceof SSLException)
                    || reason.contains("nrecognized SSL message")
                    || reason.contains("terminated the handshake")) {
                reason += "; does the node speak TLS on port " + node.port() + "?";
            }
        }
        return new SSLException(prefix + reason, cause);
    }

    private static SSLContext clientContext(DicomNode node) throws IOException {
        TlsConfig tls = node.tls();
        long keystoreModified = modified(tls.keystore());
        long truststoreModified = modified(tls.truststore());
        ClientContext cached = CLIENT_CONTEXTS.get(tls);
        if (cached != null
                && cached.keystoreModified() == keystoreModified
                && cached.truststoreModified() == truststoreModified) {
            return cached.context();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(tls), trustManagers(tls), null);
            CLIENT_CONTEXTS.put(tls, new ClientContext(keystoreModified, truststoreModified, context));
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException(
                    "TLS handshake with " + node + " failed: cannot set up TLS (" + e.getMessage() + ")", e);
        }
    }

    private static long modified(Path file) {
        try {
            return file == null ? 0 : Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers(TlsConfig tls) throws IOException, GeneralSecurityException {
        if (tls.keystore() == null) {
            return null;
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(
                load(tls.keystore(), tls.keystoreType(), tls.keystorePassword()),
                tls.keystorePassword().toCharArray());
        return keys.getKeyManagers();
    }

    /** The truststore's managers, or {@code null}: the JVM's default trust. */
    private static javax.net.ssl.TrustManager[] trustManagers(TlsConfig tls)
            throws IOException, GeneralSecurityException {
        if (tls.truststore() == null) {
            return null;
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(tls.truststore(), KeyStore.getDefaultType(), tls.truststorePassword()));
        return trust.getTrustManagers();
    }

    private static KeyStore load(Path file, String type, String password) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(file, "file");
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        } catch (IOException e) {
            throw new IOException("cannot read keystore " + file + ": " + e.getMessage(), e);
        }
        return store;
    }
}
