package org.atrium.web.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A small HTTP client for the tests. */
final class Http {

    private static final HttpClient PLAIN =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final HttpClient TRUSTING = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(trustAll())
            .build();

    private Http() {}

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpClient client = url.startsWith("https:") ? TRUSTING : PLAIN;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Whether nothing accepts connections on the loopback {@code port} any more. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Trusts any certificate: the tests' server presents a self-signed one made a moment ago. */
    private static SSLContext trustAll() {
        X509TrustManager trusting = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trusting}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
