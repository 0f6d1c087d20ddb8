package org.atrium.dicom.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.TlsConfig;
import org.atrium.dicom.internal.DicomToolkitComponent;
import org.atrium.dicom.internal.DicomToolkitConfig;
import org.atrium.dicom.net.DicomNodes.EchoResult;
import org.atrium.dicom.net.DicomNodes.Failure;
import org.atrium.dicom.net.RemoteNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's TLS settings from its configuration to an echo against DCMTK's storescp with TLS. */
class NodeTlsTest {

    @TempDir
    Path tmp;

    static <A> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            return method.getDefaultValue();
        }));
    }

    @Test
    void tlsSettingsComeFromTheNodeConfiguration() {
        NodeConfig plain =
                config(NodeConfig.class, Map.of("aeTitle", "PACS", "host", "pacs", "tlsTruststore", "etc/ignored.p12"));
        assertNull(NodeComponent.tls(plain), "without tls = true the node stays plain");

        NodeConfig trusting = config(
                NodeConfig.class,
                Map.of(
                        "aeTitle",
                        "PACS",
                        "host",
                        "pacs",
                        "tls",
                        true,
                        "tlsTruststore",
                        " etc/pacs-trust.p12 ",
                        "tlsTruststorePassword",
                        "secret"));
        TlsConfig tls = NodeComponent.tls(trusting);
        assertEquals(Path.of("etc/pacs-trust.p12"), tls.truststore());
        assertEquals("secret", tls.truststorePassword());
        assertNull(tls.keystore(), "no client certificate");

        NodeConfig defaults = config(NodeConfig.class, Map.of("aeTitle", "PACS", "host", "pacs", "tls", true));
        TlsConfig jvmTrust = NodeComponent.tls(defaults);
        assertNull(jvmTrust.truststore(), "the JVM's default certificate authorities");

        NodeConfig mutual = config(
                NodeConfig.class,
                Map.of(
                        "aeTitle",
                        "PACS",
                        "host",
                        "pacs",
                        "tls",
                        true,
                        "tlsKeystore",
                        "etc/atrium.p12",
                        "tlsKeystorePassword",
                        "pw",
                        "tlsKeystoreType",
                        "JKS"));
        TlsConfig withCertificate = NodeComponent.tls(mutual);
        assertEquals(Path.of("etc/atrium.p12"), withCertificate.keystore());
        assertEquals("JKS", withCertificate.keystoreType());
    }

    @Test
    void addRefusesAKeystoreThatCannotBeRead() throws Exception {
        Path work = certificates();
        NodeRegistry registry = new NodeRegistry(null, null, config(NodeRegistry.Config.class, Map.of()));
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> registry.add(
                        "pacs",
                        "PACS",
                        "pacs",
                        2762,
                        Set.of(RemoteNode.Purpose.STORE),
                        TlsConfig.trusting(work.resolve("absent.p12"), "secret")));
        assertTrue(missing.getMessage().startsWith("cannot read truststore " + work.resolve("absent.p12")));
        IllegalArgumentException wrongPassword = assertThrows(
                IllegalArgumentException.class,
                () -> registry.add(
                        "pacs",
                        "PACS",
                        "pacs",
                        2762,
                        Set.of(RemoteNode.Purpose.STORE),
                        new TlsConfig(
                                work.resolve("atrium.p12"),
                                "wrong",
                                "PKCS12",
                                work.resolve("trust-pacs.p12"),
                                "secret")));
        assertTrue(wrongPassword.getMessage().startsWith("cannot read keystore"), wrongPassword.getMessage());
    }

    @Test
    void echoOfATlsNodeSucceedsWhenTrustedAndSaysWhyWhenNot() throws Exception {
        Path work = certificates();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process storescp = new ProcessBuilder(
                        "storescp",
                        "-aet",
                        "PACS",
                        "+tls",
                        "pacs-key.pem",
                        "pacs.pem",
                        "-pw",
                        "-ic",
                        Integer.toString(port))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("storescp.log").toFile())
                .start();
        DicomToolkitComponent toolkit =
                new DicomToolkitComponent(config(DicomToolkitConfig.class, Map.of("connectTimeoutSeconds", 5)));
        try {
            awaitPort(port);
            DicomNode trusted = new DicomNode(
                    "pacs", "PACS", "127.0.0.1", port, TlsConfig.trusting(work.resolve("trust-pacs.p12"), "secret"));
            EchoResult ok = NodeRegistry.echo(toolkit, "ATRIUM", trusted);
            assertTrue(ok.success(), ok.toString());

            DicomNode untrusted = new DicomNode(
                    "pacs",
                    "PACS",
                    "127.0.0.1",
                    port,
                    TlsConfig.trusting(work.resolve("trust-stranger.p12"), "secret"));
            EchoResult refused = NodeRegistry.echo(toolkit, "ATRIUM", untrusted);
            assertEquals(Failure.TLS_HANDSHAKE, refused.failure(), refused.toString());
            assertTrue(
                    refused.message()
                            .startsWith("TLS handshake with pacs (PACS@127.0.0.1:" + port
                                    + ", TLS) failed: its certificate is not trusted"),
                    refused.message());
        } finally {
            storescp.destroy();
            storescp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Keys and certificates made with openssl and keytool: the peer's, ours and a stranger's. */
    private Path certificates() throws Exception {
        for (String tool : List.of("openssl", "keytool", "storescp")) {
            Assumptions.assumeTrue(onPath(tool), tool + " not installed");
        }
        Path work = Files.createDirectories(tmp.resolve("work"));
        for (String name : List.of("pacs", "atrium", "stranger")) {
            run(
                    work,
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=" + name,
                    "-keyout",
                    name + "-key.pem",
                    "-out",
                    name + ".pem");
            run(
                    work,
                    "openssl",
                    "pkcs12",
                    "-export",
                    "-inkey",
                    name + "-key.pem",
                    "-in",
                    name + ".pem",
                    "-name",
                    name,
                    "-passout",
                    "pass:secret",
                    "-out",
                    name + ".p12");
            run(
                    work,
                    "keytool",
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    name,
                    "-file",
                    name + ".pem",
                    "-keystore",
                    "trust-" + name + ".p12",
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "secret");
        }
        return work;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }
}
