package org.atrium.search.internal;

import java.io.IOException;
import java.net.MalformedURLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.impl.LBSolrClient;
import org.apache.solr.common.util.NamedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client over several Solr nodes: SolrJ's {@link LBSolrClient} (round robin, a node that
 * fails to answer is set aside and pinged until it answers again, the request goes on to the next
 * node) over one {@link HttpJdkSolrClient} per node. SolrJ 9.10 ships load balancing only over its
 * Jetty client ({@code LBHttp2SolrClient}), which is not in our SolrJ bundle.
 *
 * <p>Every request is for {@code collection}: SolrCloud nodes answer for the whole collection
 * whichever node is asked (they forward updates to the shard leaders and fan queries out), so any
 * live node will do. Admin requests go to single nodes through their own clients, not through
 * this one.
 */
final class NodesClient extends LBSolrClient {

    private static final Logger LOG = LoggerFactory.getLogger(NodesClient.class);
    /** How often a node that stopped answering is pinged (SolrJ's default is a minute). */
    static final int ALIVE_CHECK_INTERVAL_MS = 5_000;

    private final String collection;
    private final Function<String, HttpJdkSolrClient> clients;
    private final Map<String, HttpJdkSolrClient> byBaseUrl = new ConcurrentHashMap<>();
    private final Set<String> nodes = new LinkedHashSet<>(); // guarded by this

    /**
     * @param baseUrls node URLs ending in {@code /solr}
     * @param clients makes the client of one node URL
     */
    NodesClient(List<String> baseUrls, String collection, Function<String, HttpJdkSolrClient> clients) {
        super(baseUrls);
        this.collection = collection;
        this.clients = clients;
        baseUrls.stream().map(LBSolrClient::normalize).forEach(nodes::add);
        setAliveCheckInterval(ALIVE_CHECK_INTERVAL_MS);
    }

    @Override
    protected SolrClient getClient(String baseUrl) {
        return byBaseUrl.computeIfAbsent(baseUrl, clients);
    }

    @Override
    protected SolrClient getClient(Endpoint endpoint) {
        return getClient(endpoint.getBaseUrl());
    }

    /**
     * Sends to one node with its own client. LBSolrClient's version would also look for its Jetty
     * client; the ping of a node set aside comes with no collection, so ours fills it in.
     */
    @Override
    protected NamedList<Object> doRequest(String baseUrl, SolrRequest<?> request, String collection)
            throws SolrServerException, IOException {
        return getClient(baseUrl).request(request, collection == null ? this.collection : collection);
    }

    /** Makes the set of nodes {@code baseUrls}: new ones are added, those not listed removed. */
    synchronized void setNodes(List<String> baseUrls) {
        List<String> wanted = baseUrls.stream().map(LBSolrClient::normalize).toList();
        for (String url : wanted) {
            if (!nodes.contains(url)) {
                try {
                    addSolrServer(url);
                    nodes.add(url);
                } catch (MalformedURLException e) {
                    LOG.warn("Ignoring Solr node URL {}: {}", url, e.getMessage());
                }
            }
        }
        for (String url : List.copyOf(nodes)) {
            if (!wanted.contains(url)) {
                removeSolrServer(url);
                nodes.remove(url);
                closeQuietly(byBaseUrl.remove(url));
            }
        }
    }

    /** The nodes requests may go to, answering or not. */
    synchronized List<String> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() {
        super.close();
        for (HttpJdkSolrClient client : byBaseUrl.values()) {
            closeQuietly(client);
        }
        byBaseUrl.clear();
    }

    private static void closeQuietly(HttpJdkSolrClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing a Solr node client: {}", e.toString());
            }
        }
    }
}
