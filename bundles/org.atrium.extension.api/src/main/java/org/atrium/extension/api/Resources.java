package org.atrium.extension.api;

/**
 * What one run needs; the platform starts a job only when these are free.
 *
 * @param threads CPU slots (at least 1)
 * @param memoryMb heap it may use, in MiB
 * @param gpu whether it needs a GPU (one job per GPU)
 */
public record Resources(int threads, long memoryMb, boolean gpu) {

    public static final Resources DEFAULT = new Resources(1, 512, false);

    public Resources {
        threads = Math.max(1, threads);
        memoryMb = Math.max(0, memoryMb);
    }
}
