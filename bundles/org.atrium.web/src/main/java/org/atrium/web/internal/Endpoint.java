package org.atrium.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/** Where the server listens and, for HTTPS, with which key: the part of the configuration that needs a new connector. */
record Endpoint(String host, int port, Path keystore, String keystorePassword, String keystoreType) {

    static Endpoint of(WebConfig config) {
        String host = config.host() == null ? "" : config.host().trim();
        if (config.port() < 0 || config.port() > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, not " + config.port());
        }
        String path =
                config.keystore_path() == null ? "" : config.keystore_path().trim();
        String type = config.keystore_type() == null || config.keystore_type().isBlank()
                ? WebConfig.DEFAULT_KEYSTORE_TYPE
                : config.keystore_type().trim();
        return new Endpoint(
                host.isEmpty() ? WebConfig.DEFAULT_HOST : host,
                config.port(),
                path.isEmpty() ? null : Path.of(path),
                config.keystore_password() == null ? "" : config.keystore_password(),
                type);
    }

    boolean secure() {
        return keystore != null;
    }

    String scheme() {
        return secure() ? "https" : "http";
    }

    String url(int boundPort) {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme() + "://" + shownHost + ":" + boundPort;
    }

    /** Whether both would bind the same socket, so the old connector has to close before the new one opens. */
    boolean sameSocket(Endpoint other) {
        return port != 0 && port == other.port && host.equals(other.host);
    }

    /** Loads the keystore now, so that a wrong path or password fails before the running connector is touched. */
    KeyStore loadKeyStore() {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance(keystoreType);
            store.load(in, keystorePassword.toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return store;
                }
            }
            throw new IllegalArgumentException("keystore " + keystore + " holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot load " + keystoreType + " keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return secure() ? url(port) + " (keystore " + keystore + ")" : url(port);
    }
}
