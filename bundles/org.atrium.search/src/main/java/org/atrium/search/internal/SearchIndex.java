package org.atrium.search.internal;

import java.time.Duration;
import java.util.function.Consumer;

/** The indexer as the console commands see it; a service inside this bundle only. */
public interface SearchIndex {

    /** Rebuilds the documents of every study in the store; returns how many studies were indexed. */
    long reindex(Consumer<String> progress, Duration timeout) throws Exception;

    /** Compares the store with the index. */
    Indexer.Verification verify() throws Exception;

    /** Studies waiting in the outbox. */
    int backlog();
}
