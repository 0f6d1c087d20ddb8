package org.atrium.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A query at one level with keys in DICOM matching syntax (PS3.4 C.2.2.2): single value,
 * wildcards {@code *} and {@code ?}, ranges {@code a-b} for dates and times, UID lists separated
 * by {@code \}. Empty values are ignored (they are return keys). Keys are DICOM keywords.
 *
 * @param level the level of the entities returned
 * @param keys matching keys by keyword
 * @param limit at most this many matches; 0 means the store's own cap
 */
public record StoreQuery(ResearchStore.Level level, Map<String, String> keys, int limit) {

    public StoreQuery {
        Objects.requireNonNull(level, "level");
        keys = keys == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(keys));
    }

    public StoreQuery(ResearchStore.Level level, Map<String, String> keys) {
        this(level, keys, 0);
    }
}
