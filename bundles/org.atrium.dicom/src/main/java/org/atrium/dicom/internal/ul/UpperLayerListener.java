package org.atrium.dicom.internal.ul;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomServer;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.QueryScp;
import org.atrium.dicom.RetrieveScp;
import org.atrium.dicom.StorageScp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bound listener: one accepting thread, one thread per association. */
final class UpperLayerListener implements DicomServer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(UpperLayerListener.class);

    /** Connections beyond the association limit still read their A-ASSOCIATE-RQ to be rejected properly. */
    private static final int EXTRA_CONNECTIONS = 16;

    private static final int BACKLOG = 128;

    private final ListenerConfig config;
    private final StorageScp storage;
    private final QueryScp query;
    private final RetrieveScp retrieve;
    private final DicomFiles files;
    private final Consumer<UpperLayerListener> onClose;
    private final ServerSocket serverSocket;
    private final Set<String> allowedHosts;
    private final Set<ScpAssociation> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    UpperLayerListener(
            ListenerConfig config,
            StorageScp storage,
            QueryScp query,
            RetrieveScp retrieve,
            DicomFiles files,
            Consumer<UpperLayerListener> onClose)
            throws IOException {
        this.config = config;
        this.storage = storage;
        this.query = query;
        this.retrieve = retrieve;
        this.files = files;
        this.onClose = onClose;
        this.allowedHosts = resolve(config.allowedHosts());
        ServerSocket socket = config.tls() == null ? new ServerSocket() : Tls.serverSocket(config.tls());
        try {
            socket.setReuseAddress(true);
            socket.setReceiveBufferSize(PduChannel.BUFFER_SIZE * 4);
            socket.bind(new InetSocketAddress(config.bindAddress(), config.port()), BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw new IOException(
                    "cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        this.serverSocket = socket;
        this.acceptor = new Thread(this::accept, "dicom-listener-" + config.aeTitle() + "-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info(
                "DICOM listener {} on {}:{}{} (storage {}, query {}, retrieve {})",
                config.aeTitle(),
                config.bindAddress(),
                port(),
                config.tls() == null ? "" : " with TLS",
                storage != null,
                query != null,
                retrieve != null);
    }

    /** Allowed hosts as given and as the addresses their names resolve to now. */
    private static Set<String> resolve(Set<String> hosts) {
        Set<String> resolved = new HashSet<>();
        for (String host : hosts) {
            resolved.add(host.toLowerCase(Locale.ROOT));
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    resolved.add(address.getHostAddress());
                }
            } catch (UnknownHostException e) {
                LOG.warn("Allowed host {} does not resolve; only its literal form will match", host);
            }
        }
        return Set.copyOf(resolved);
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Listener {}: accept failed: {}", config.aeTitle(), e.toString());
                    pause();
                }
                continue;
            }
            if (connections.size() >= config.maxAssociations() + EXTRA_CONNECTIONS) {
                LOG.warn(
                        "Listener {}: refusing connection from {}, {} connections open",
                        config.aeTitle(),
                        socket.getRemoteSocketAddress(),
                        connections.size());
                closeQuietly(socket);
                continue;
            }
            ScpAssociation association = new ScpAssociation(this, socket);
            connections.add(association);
            if (closed) {
                association.abortFromListener();
            }
            Thread thread = new Thread(association, "dicom-" + config.aeTitle() + "-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    ListenerConfig config() {
        return config;
    }

    StorageScp storage() {
        return storage;
    }

    QueryScp query() {
        return query;
    }

    RetrieveScp retrieve() {
        return retrieve;
    }

    DicomFiles files() {
        return files;
    }

    boolean hostAllowed(InetAddress remote) {
        return allowedHosts.isEmpty() || allowedHosts.contains(remote.getHostAddress());
    }

    /** Counts an association in, unless the limit is reached. */
    boolean tryEstablish() {
        while (true) {
            int n = established.get();
            if (n >= config.maxAssociations()) {
                return false;
            }
            if (established.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void ended(ScpAssociation association, boolean wasEstablished) {
        connections.remove(association);
        if (wasEstablished) {
            established.decrementAndGet();
        }
    }

    @Override
    public int port() {
        return serverSocket.getLocalPort();
    }

    @Override
    public int activeAssociations() {
        return established.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.warn("Listener {}: closing the server socket failed: {}", config.aeTitle(), e.toString());
        }
        int aborted = connections.size();
        for (ScpAssociation association : connections) {
            association.abortFromListener();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onClose.accept(this);
        LOG.info(
                "DICOM listener {} on port {} closed ({} associations aborted)",
                config.aeTitle(),
                serverSocket.getLocalPort(),
                aborted);
    }
}
