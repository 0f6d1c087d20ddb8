package org.atrium.store;

import java.util.Set;

/**
 * Where an object came from and which project or dataset labels it lands in.
 *
 * @param source who sent it, e.g. the calling AE title or {@code upload:alice}
 * @param receiver who received it, e.g. the called AE title
 * @param labels project/dataset labels given to its series
 */
public record IngestContext(String source, String receiver, Set<String> labels) {

    public IngestContext {
        source = source == null ? "" : source;
        receiver = receiver == null ? "" : receiver;
        labels = labels == null ? Set.of() : Set.copyOf(labels);
    }
}
