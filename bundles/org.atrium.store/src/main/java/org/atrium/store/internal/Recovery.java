package org.atrium.store.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.atrium.dicom.DicomFiles;
import org.atrium.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the store back in order at start after a crash: files without index rows are indexed (or
 * quarantined when unreadable), trash is emptied or put back, incoming leftovers are removed.
 * Nothing disappears without a log line.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    record Outcome(int reindexed, int quarantined, int incomingRemoved, int trashRestored, int trashEmptied) {}

    private final DurableStore store;
    private final DicomFiles dicom;

    Recovery(DurableStore store, DicomFiles dicom) {
        this.store = store;
        this.dicom = dicom;
    }

    Outcome run() throws StoreException, IOException {
        FileStore files = store.files();
        int incomingRemoved = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(files.incoming())) {
            for (Path leftover : leftovers) {
                // Never acknowledged: the sender was told it failed or never got an answer.
                Files.deleteIfExists(leftover);
                incomingRemoved++;
            }
        }
        int restored = 0;
        int emptied = 0;
        try (DirectoryStream<Path> trash = Files.newDirectoryStream(files.trash())) {
            for (Path trashed : trash) {
                String relative =
                        FileStore.relativePathOfTrash(trashed.getFileName().toString());
                boolean stillIndexed = store.inTransaction(c -> store.index().hasPath(c, relative));
                if (stillIndexed) {
                    Path target = files.resolve(relative);
                    Files.createDirectories(target.getParent());
                    FileStore.moveAtomically(trashed, target);
                    restored++;
                    LOG.warn("Recovery: delete of {} did not commit before the stop; file put back", relative);
                } else {
                    Files.deleteIfExists(trashed);
                    emptied++;
                }
            }
        }
        Set<String> indexed = new HashSet<>();
        store.inTransaction(c -> {
            store.index().eachPath(c, indexed::add);
            return null;
        });
        int reindexed = 0;
        int quarantined = 0;
        List<Path> orphans;
        try (Stream<Path> walk = Files.walk(files.objects())) {
            orphans = walk.filter(Files::isRegularFile)
                    .filter(p -> !indexed.contains(
                            files.root().relativize(p).toString().replace('\\', '/')))
                    .toList();
        }
        for (Path orphan : orphans) {
            String relative = files.root().relativize(orphan).toString().replace('\\', '/');
            try {
                IndexRow row = IndexRow.of(dicom.readHeader(orphan, IndexRow.TAGS), Set.of());
                if (!FileStore.relativePathOf(row.sopUid()).equals(relative)) {
                    throw new StoreException(
                            StoreException.Reason.INVALID_OBJECT, "file name does not match its SOP Instance UID");
                }
                long size = Files.size(orphan);
                store.inTransaction(c -> {
                    store.index().put(c, row, relative, size, Instant.now(), "recovery");
                    return null;
                });
                reindexed++;
                LOG.warn("Recovery: {} (SOP Instance {}) had no index rows; indexed it", relative, row.sopUid());
            } catch (IOException | StoreException e) {
                Path target = files.quarantine().resolve(orphan.getFileName());
                FileStore.moveAtomically(orphan, target);
                quarantined++;
                LOG.error("Recovery: {} cannot be indexed ({}); moved to {}", relative, e.getMessage(), target);
            }
        }
        Outcome outcome = new Outcome(reindexed, quarantined, incomingRemoved, restored, emptied);
        if (reindexed + quarantined + incomingRemoved + restored + emptied > 0) {
            LOG.warn("Store recovery: {}", outcome);
        }
        return outcome;
    }
}
