package org.atrium.store;

/** Sizes of the store, and the space left on its file system. */
public record StoreStatistics(
        long patients, long studies, long series, long instances, long bytes, long freeBytes, String database) {}
