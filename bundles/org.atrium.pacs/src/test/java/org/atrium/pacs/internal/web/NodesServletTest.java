package org.atrium.pacs.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.net.RemoteNode;
import org.junit.jupiter.api.Test;

/** Node definitions of the web API: their TLS fields in, and out without passwords. */
class NodesServletTest {

    @Test
    void tlsIsOnWhenAskedForOrWhenAStoreIsGiven() throws Exception {
        assertNull(NodesServlet.tls(Map.of("name", "pacs")));
        assertNull(NodesServlet.tls(Map.of("tls", false)));

        TlsConfig jvmTrust = NodesServlet.tls(Map.of("tls", true));
        assertNull(jvmTrust.truststore());
        assertNull(jvmTrust.keystore());

        TlsConfig trusting =
                NodesServlet.tls(Map.of("tlsTruststore", "etc/pacs-trust.p12", "tlsTruststorePassword", "secret"));
        assertEquals(Path.of("etc/pacs-trust.p12"), trusting.truststore());
        assertEquals("secret", trusting.truststorePassword());

        TlsConfig mutual = NodesServlet.tls(Map.of(
                "tls", true, "tlsKeystore", "etc/atrium.jks", "tlsKeystorePassword", "pw", "tlsKeystoreType", "JKS"));
        assertEquals(Path.of("etc/atrium.jks"), mutual.keystore());
        assertEquals("JKS", mutual.keystoreType());

        Rest.Failure notABoolean = assertThrows(Rest.Failure.class, () -> NodesServlet.tls(Map.of("tls", "yes")));
        assertEquals(400, notABoolean.status);
    }

    @Test
    void listedNodesShowWhereTheirStoresAreButNoPassword() {
        RemoteNode node = new RemoteNode(
                new DicomNode(
                        "pacs",
                        "PACS",
                        "pacs.example",
                        2762,
                        new TlsConfig(Path.of("etc/atrium.p12"), "pw", null, Path.of("etc/trust.p12"), "secret")),
                Set.of(RemoteNode.Purpose.STORE));
        Map<String, Object> json = NodesServlet.toJson(node);
        assertEquals(true, json.get("tls"));
        assertEquals("etc/trust.p12", json.get("tlsTruststore"));
        assertEquals("etc/atrium.p12", json.get("tlsKeystore"));
        assertFalse(json.toString().contains("secret") || json.toString().contains("pw"), json.toString());

        Map<String, Object> plain = NodesServlet.toJson(new RemoteNode(new DicomNode("ws", "WS", "ws", 104), Set.of()));
        assertEquals(false, plain.get("tls"));
        assertFalse(plain.containsKey("tlsTruststore"));
    }
}
