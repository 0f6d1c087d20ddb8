package org.atrium.search.internal;

import org.apache.solr.client.solrj.SolrClient;

/** A client for the Solr node that answers now, and the collection holding our documents. */
record SolrTarget(SolrClient client, String collection) {}
