package org.atrium.search.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live nodes of a SolrCloud cluster, read from its ZooKeeper ({@code /live_nodes} under the
 * connection string's chroot, as Solr writes them) and watched: every change is handed to the
 * listener as node base URLs. This is all Atrium needs from ZooKeeper; the requests themselves go
 * to the nodes over HTTP ({@link NodesClient}), which route them within the cluster.
 */
final class ZkLiveNodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkLiveNodes.class);
    static final String LIVE_NODES = "/live_nodes";
    static final String CLUSTER_PROPERTIES = "/clusterprops.json";
    private static final Pattern URL_SCHEME = Pattern.compile("\"urlScheme\"\\s*:\\s*\"(https?)\"");

    private final String zkHost;
    private final Duration sessionTimeout;
    private final Consumer<List<String>> listener;
    private volatile ZooKeeper zooKeeper;
    private volatile boolean closed;
    private volatile List<String> baseUrls = List.of();

    /**
     * Connects and reads the live nodes once, waiting at most {@code sessionTimeout}.
     *
     * @param zkHost ZooKeeper connection string, {@code host:port[,host:port...][/chroot]}
     * @param listener told the base URLs of the live nodes whenever they change
     */
    ZkLiveNodes(String zkHost, Duration sessionTimeout, Consumer<List<String>> listener) throws Exception {
        this.zkHost = zkHost;
        this.sessionTimeout = sessionTimeout;
        this.listener = listener;
        connect();
    }

    private void connect() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(zkHost, (int) sessionTimeout.toMillis(), event -> {
            switch (event.getState()) {
                case SyncConnected -> connected.countDown();
                case Expired -> reconnectLater();
                default -> {}
            }
        });
        if (!connected.await(sessionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IllegalStateException(
                    "ZooKeeper at " + zkHost + " did not answer within " + sessionTimeout.toSeconds() + " s");
        }
        zooKeeper = zk;
        try {
            if (zk.exists(LIVE_NODES, false) == null) {
                throw new IllegalStateException(
                        "ZooKeeper at " + zkHost + " holds no SolrCloud (no " + LIVE_NODES + "; is the chroot right?)");
            }
            read();
        } catch (Exception e) {
            zk.close();
            throw e;
        }
    }

    /** Reads the live nodes and watches them again (ZooKeeper's watches fire once). */
    private void read() throws KeeperException, InterruptedException {
        ZooKeeper zk = zooKeeper;
        if (closed || zk == null) {
            return;
        }
        List<String> names = zk.getChildren(LIVE_NODES, this::changed);
        String scheme = "http";
        if (zk.exists(CLUSTER_PROPERTIES, false) != null) {
            Matcher m =
                    URL_SCHEME.matcher(new String(zk.getData(CLUSTER_PROPERTIES, false, null), StandardCharsets.UTF_8));
            if (m.find()) {
                scheme = m.group(1);
            }
        }
        List<String> urls = new ArrayList<>();
        for (String name : names.stream().sorted().toList()) {
            urls.add(baseUrl(name, scheme));
        }
        baseUrls = List.copyOf(urls);
        LOG.debug("SolrCloud live nodes from {}: {}", zkHost, urls);
        listener.accept(baseUrls);
    }

    private void changed(WatchedEvent event) {
        if (event.getType() == Watcher.Event.EventType.None || closed) {
            return;
        }
        try {
            read();
        } catch (KeeperException | RuntimeException e) {
            LOG.warn("Cannot read the SolrCloud live nodes from {}: {}", zkHost, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The session is gone with its watches: a new one, off ZooKeeper's event thread. */
    private void reconnectLater() {
        if (closed) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    long backoffMs = 1000;
                    while (!closed) {
                        try {
                            ZooKeeper old = zooKeeper;
                            connect();
                            if (old != null) {
                                old.close();
                            }
                            return;
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            LOG.warn("ZooKeeper at {} is away, retrying in {} ms: {}", zkHost, backoffMs, e.toString());
                            try {
                                Thread.sleep(backoffMs);
                            } catch (InterruptedException interrupted) {
                                return;
                            }
                            backoffMs = Math.min(30_000, backoffMs * 2);
                        }
                    }
                },
                "atrium-search-zookeeper");
        thread.setDaemon(true);
        thread.start();
    }

    /** The base URLs of the live nodes at the last reading. */
    List<String> baseUrls() {
        return baseUrls;
    }

    /** A live node's name as Solr writes it, {@code host:port_context}, as a URL: {@code http://host:port/context}. */
    static String baseUrl(String nodeName, String scheme) {
        int underscore = nodeName.indexOf('_');
        String hostAndPort = underscore < 0 ? nodeName : nodeName.substring(0, underscore);
        String context =
                underscore < 0 ? "" : URLDecoder.decode(nodeName.substring(underscore + 1), StandardCharsets.UTF_8);
        return scheme + "://" + hostAndPort + (context.isEmpty() ? "" : "/" + context);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        ZooKeeper zk = zooKeeper;
        if (zk != null) {
            zk.close();
        }
    }
}
