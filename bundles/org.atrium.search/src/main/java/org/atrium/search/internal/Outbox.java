package org.atrium.search.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Study UIDs whose documents must be rewritten, kept in an append-only file so that nothing is
 * lost when Solr is down or the platform restarts. {@code +uid} lines add a study, {@code -uid}
 * lines say it was indexed; a study already waiting is not written again, so a series of a
 * thousand instances costs one line. Appends reach the disk with {@link #sync()}, which the
 * drainer calls every few hundred milliseconds: adding never waits for the disk.
 *
 * <p>A study taken for indexing and added again meanwhile keeps its {@code +} line un-acknowledged,
 * so it is indexed once more. The file is emptied whenever nothing is waiting, and rewritten when
 * it grows past {@link #COMPACT_BYTES}.
 */
final class Outbox implements AutoCloseable {

    static final long COMPACT_BYTES = 8L << 20;

    private final Path file;
    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    /** When each waiting study was first and last added (nanoTime), to let busy studies settle. */
    private final java.util.Map<String, long[]> added = new java.util.HashMap<>();

    private final Set<String> inFlight = new LinkedHashSet<>();
    private FileChannel channel;
    private long size;
    private boolean dirty;

    Outbox(Path directory) throws IOException {
        Files.createDirectories(directory);
        this.file = directory.resolve("outbox.log");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.length() < 2) {
                    continue; // a torn last line
                }
                String uid = line.substring(1);
                if (line.charAt(0) == '+') {
                    pending.add(uid);
                } else if (line.charAt(0) == '-') {
                    pending.remove(uid);
                }
            }
        }
        rewrite();
    }

    /** Adds studies to index; returns how many were not already waiting. Never blocks on the disk. */
    synchronized int add(Collection<String> studyUids) throws IOException {
        StringBuilder lines = new StringBuilder();
        int added = 0;
        for (String uid : studyUids) {
            if (uid == null || uid.isBlank() || uid.indexOf('\n') >= 0) {
                continue;
            }
            long now = System.nanoTime();
            long[] times = this.added.computeIfAbsent(uid, k -> new long[] {now, now});
            times[1] = now;
            if (pending.add(uid)) {
                lines.append('+').append(uid).append('\n');
                added++;
            }
        }
        if (added > 0) {
            append(lines);
        }
        return added;
    }

    synchronized int add(String studyUid) throws IOException {
        return add(List.of(studyUid));
    }

    /** Takes up to {@code max} waiting studies for indexing; finish with {@link #done} or {@link #retry}. */
    synchronized List<String> take(int max) {
        return take(max, 0, 0);
    }

    /**
     * As {@link #take(int)}, but only studies that received nothing for {@code settleNanos}, or
     * that have waited {@code maxWaitNanos}: a study being ingested is indexed once it settles, not
     * after every instance.
     */
    synchronized List<String> take(int max, long settleNanos, long maxWaitNanos) {
        List<String> batch = new ArrayList<>(Math.min(max, pending.size()));
        long now = System.nanoTime();
        var it = pending.iterator();
        while (it.hasNext() && batch.size() < max) {
            String uid = it.next();
            long[] times = added.get(uid);
            boolean settled = times == null || now - times[1] >= settleNanos || now - times[0] >= maxWaitNanos;
            if (!inFlight.contains(uid) && settled) {
                batch.add(uid);
                it.remove();
                added.remove(uid);
            }
        }
        inFlight.addAll(batch);
        return batch;
    }

    /** The studies were indexed. */
    synchronized void done(List<String> batch) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String uid : batch) {
            inFlight.remove(uid);
            if (!pending.contains(uid)) {
                lines.append('-').append(uid).append('\n');
            }
        }
        if (pending.isEmpty() && inFlight.isEmpty()) {
            rewrite();
        } else {
            append(lines);
            if (size > COMPACT_BYTES) {
                rewrite();
            }
        }
    }

    /** The studies could not be indexed now: they wait again, first in line. */
    synchronized void retry(List<String> batch) {
        LinkedHashSet<String> again = new LinkedHashSet<>(batch);
        again.addAll(pending);
        pending.clear();
        pending.addAll(again);
        batch.forEach(inFlight::remove);
    }

    /** Studies waiting or being indexed. */
    synchronized int backlog() {
        return pending.size() + inFlight.size();
    }

    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Forces appended lines to the disk. */
    synchronized void sync() throws IOException {
        if (dirty && channel != null) {
            channel.force(false);
            dirty = false;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            sync();
            channel.close();
            channel = null;
        }
    }

    private void append(CharSequence lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(lines.toString());
        size += bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        dirty = true;
    }

    /** Replaces the file with one {@code +} line per waiting study (atomically, fsync'd). */
    private void rewrite() throws IOException {
        if (channel != null) {
            channel.close();
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder lines = new StringBuilder();
        for (String uid : inFlight) {
            lines.append('+').append(uid).append('\n');
        }
        for (String uid : pending) {
            if (!inFlight.contains(uid)) {
                lines.append('+').append(uid).append('\n');
            }
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = bytes.length;
        dirty = false;
    }
}
