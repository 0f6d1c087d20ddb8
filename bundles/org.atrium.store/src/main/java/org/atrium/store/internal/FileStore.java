package org.atrium.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The store's folders: {@code objects/} (final files, named by a hash of the SOP Instance UID),
 * {@code incoming/} (files not yet taken in), {@code trash/} (files of a delete in progress) and
 * {@code quarantine/} (files that could not be indexed).
 */
final class FileStore {

    private final Path root;
    private final Path objects;
    private final Path incoming;
    private final Path trash;
    private final Path quarantine;
    private final boolean fsync;
    private final java.nio.file.FileStore volume;

    FileStore(Path root, boolean fsync) throws IOException {
        this.root = root;
        this.objects = Files.createDirectories(root.resolve("objects"));
        this.incoming = Files.createDirectories(root.resolve("incoming"));
        this.trash = Files.createDirectories(root.resolve("trash"));
        this.quarantine = Files.createDirectories(root.resolve("quarantine"));
        this.fsync = fsync;
        // Looked up once: finding the volume of a path reads the mount table.
        this.volume = Files.getFileStore(objects);
    }

    Path root() {
        return root;
    }

    Path objects() {
        return objects;
    }

    Path incoming() {
        return incoming;
    }

    Path trash() {
        return trash;
    }

    Path quarantine() {
        return quarantine;
    }

    /** {@code objects/ab/cd/abcd….dcm}, relative to the root, from the SOP Instance UID. */
    static String relativePathOf(String sopInstanceUid) {
        String hash = sha1(sopInstanceUid);
        return "objects/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash + ".dcm";
    }

    Path resolve(String relativePath) {
        return root.resolve(relativePath);
    }

    /** Forces the file's bytes to disk, then renames it to {@code relativePath} atomically. */
    Path commit(Path source, String relativePath) throws IOException {
        if (fsync) {
            try (FileChannel channel = FileChannel.open(source, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        Path target = resolve(relativePath);
        Path folder = Files.createDirectories(target.getParent());
        moveAtomically(source, target);
        if (fsync) {
            syncFolder(folder);
        }
        return target;
    }

    static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "incoming folder and store are on different file systems: " + source + " → " + target, e);
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the file itself is already on disk.
        }
    }

    /** Where a file of {@code relativePath} waits while its delete commits. */
    Path trashPathOf(String relativePath) {
        return trash.resolve(relativePath.replace('/', '_'));
    }

    static String relativePathOfTrash(String trashName) {
        return trashName.replace('_', '/');
    }

    long usableSpace() {
        try {
            return volume.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String sha1(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
