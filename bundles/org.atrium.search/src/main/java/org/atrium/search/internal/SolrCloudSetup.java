package org.atrium.search.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.atrium.search.internal.sidecar.SolrEndpoint;
import org.atrium.search.internal.sidecar.SolrEndpoint.CloudLayout;

/**
 * Makes sure the collection of a {@link SolrEndpoint} exists before anything is indexed or
 * searched: on a SolrCloud node without it, uploads Atrium's configset (unless the cluster has one
 * of that name) and creates the collection with the compositeId router. Plain HTTP through the
 * Configsets and Collections APIs of any node, so no ZooKeeper client is needed. Standalone nodes
 * are left as they are: their core comes from the node's own home.
 */
final class SolrCloudSetup {

    enum Outcome {
        STANDALONE,
        EXISTS,
        CREATED
    }

    private SolrCloudSetup() {}

    /**
     * @param client a client of the node at {@code baseUrl}, one of the endpoint's nodes
     */
    static Outcome ensureCollection(SolrClient client, String baseUrl, SolrEndpoint endpoint) throws Exception {
        NamedList<Object> system = call(client, SolrRequest.METHOD.GET, "/admin/info/system", null);
        if (!"solrcloud".equals(String.valueOf(system.get("mode")))) {
            if (!endpoint.zkHost().isBlank()) {
                throw new IllegalStateException(baseUrl + " runs standalone, but zkHosts (" + endpoint.zkHost()
                        + ") says it belongs to a SolrCloud cluster");
            }
            if (endpoint.baseUrls().size() > 1) {
                // Each would get its own share of the updates: the index would be split between them.
                throw new IllegalStateException(
                        baseUrl + " runs standalone: several urls must be nodes of one" + " SolrCloud cluster");
            }
            return Outcome.STANDALONE;
        }
        String collection = endpoint.collection();
        if (names(call(client, SolrRequest.METHOD.GET, "/admin/collections", null, "action", "LIST"), "collections")
                .contains(collection)) {
            return Outcome.EXISTS;
        }
        CloudLayout layout = endpoint.layout();
        if (layout == null) {
            throw new IllegalStateException("the SolrCloud at " + baseUrl + " has no collection '" + collection
                    + "' and no configset is known to create it");
        }
        if (!names(call(client, SolrRequest.METHOD.GET, "/admin/configs", null, "action", "LIST"), "configSets")
                .contains(layout.configName())) {
            Path conf = layout.configSetDirectory().resolve("conf");
            if (!Files.isRegularFile(conf.resolve("solrconfig.xml"))) {
                throw new IllegalStateException("no configset to upload: " + conf + " has no solrconfig.xml");
            }
            call(
                    client,
                    SolrRequest.METHOD.POST,
                    "/admin/configs",
                    zip(conf),
                    "action",
                    "UPLOAD",
                    "name",
                    layout.configName());
        }
        NamedList<Object> created = call(
                client,
                SolrRequest.METHOD.GET,
                "/admin/collections",
                null,
                "action",
                "CREATE",
                "name",
                collection,
                "numShards",
                Integer.toString(layout.numShards()),
                "replicationFactor",
                Integer.toString(layout.replicationFactor()),
                "collection.configName",
                layout.configName(),
                "router.name",
                "compositeId",
                "waitForFinalState",
                "true");
        if (created.get("failure") != null) {
            throw new IllegalStateException(
                    "creating collection '" + collection + "' failed: " + created.get("failure"));
        }
        return Outcome.CREATED;
    }

    private static NamedList<Object> call(
            SolrClient client, SolrRequest.METHOD method, String path, byte[] body, String... params) throws Exception {
        ModifiableSolrParams solrParams = new ModifiableSolrParams();
        for (int i = 0; i < params.length; i += 2) {
            solrParams.set(params[i], params[i + 1]);
        }
        GenericSolrRequest request = new GenericSolrRequest(method, path, solrParams);
        if (body != null) {
            request.withContent(body, "application/octet-stream");
        }
        return client.request(request);
    }

    private static List<String> names(NamedList<Object> response, String key) {
        Object value = response.get(key);
        return value instanceof Collection<?> values
                ? values.stream().map(String::valueOf).toList()
                : List.of();
    }

    /** The files under {@code conf}, as the Configsets API wants them: paths relative to it. */
    static byte[] zip(Path conf) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> files = Files.walk(conf)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(conf.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
