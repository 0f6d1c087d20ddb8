package org.atrium.samples.mitk;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.extension.api.ToolContext;

/**
 * Watches a folder for DICOM Segmentations (*.dcm) and imports each one once, after its size has
 * stopped changing (a program may still be writing it when it appears).
 */
final class SegmentationWatcher implements AutoCloseable {

    static final long SETTLE_MILLIS = 300;

    private final ToolContext context;
    private final Path folder;
    private final WatchService watchService;
    private final Thread thread;
    private final Set<String> importedInstances = new HashSet<>();
    private final AtomicInteger imported = new AtomicInteger();

    SegmentationWatcher(ToolContext context, Path folder) throws IOException {
        this.context = context;
        this.folder = folder;
        this.watchService = FileSystems.getDefault().newWatchService();
        folder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = new Thread(this::watch, "mitk-watch-" + folder.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    int imported() {
        return imported.get();
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name
                            && name.toString().toLowerCase().endsWith(".dcm")) {
                        consider(folder.resolve(name));
                    }
                }
                if (!key.reset()) {
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the session is over
        }
    }

    private void consider(Path file) throws InterruptedException {
        try {
            awaitSettled(file);
            Attributes header = context.dicom().readHeader(file);
            String instance = header.getString(Tag.SOPInstanceUID);
            if (!UID.SegmentationStorage.equals(header.getString(Tag.SOPClassUID))) {
                context.log("not a segmentation, not imported: " + file.getFileName());
                return;
            }
            synchronized (importedInstances) {
                if (!importedInstances.add(instance)) {
                    return;
                }
            }
            context.importResult(file);
            imported.incrementAndGet();
            context.log("imported segmentation " + file.getFileName() + " (" + instance + ")");
        } catch (IOException e) {
            context.log("could not import " + file.getFileName() + ": " + e.getMessage());
        }
    }

    private static void awaitSettled(Path file) throws IOException, InterruptedException {
        long size = -1;
        while (Files.exists(file) && Files.size(file) != size) {
            size = Files.size(file);
            Thread.sleep(SETTLE_MILLIS);
        }
    }

    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            // nothing left to release
        }
        thread.interrupt();
    }
}
