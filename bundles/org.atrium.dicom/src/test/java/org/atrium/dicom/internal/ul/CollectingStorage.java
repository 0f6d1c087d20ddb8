package org.atrium.dicom.internal.ul;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.atrium.dicom.AssociationInfo;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.StorageScp;

/** Takes received files by moving them into a folder, named by SOP Instance UID, and remembers what came. */
class CollectingStorage implements StorageScp {

    record Received(AssociationInfo association, String sopClassUid, String transferSyntaxUid, Path file) {}

    final Path target;
    final Map<String, Received> received = new ConcurrentHashMap<>();
    private final boolean sync;

    CollectingStorage(Path target) {
        this(target, false);
    }

    /** With {@code sync}, forces each file to disk after moving it, as a durable store would. */
    CollectingStorage(Path target, boolean sync) {
        this.target = target;
        this.sync = sync;
    }

    @Override
    public void store(
            AssociationInfo association,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntaxUid,
            Path receivedFile)
            throws DicomException {
        Path file = target.resolve(sopInstanceUid + ".dcm");
        try {
            Files.move(receivedFile, file);
            if (sync) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        received.put(sopInstanceUid, new Received(association, sopClassUid, transferSyntaxUid, file));
    }
}
