package org.atrium.dicom.internal.ul;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomServer;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.QueryScp;
import org.atrium.dicom.RetrieveScp;
import org.atrium.dicom.StorageScp;

/**
 * DICOM listeners on Atrium's own upper layer (PS3.8) and DIMSE (PS3.7) implementation. Data sets are
 * decoded and encoded through {@link DicomFiles}; received objects are streamed to spool files as they
 * arrive.
 */
public final class UpperLayerServer implements DicomServer, AutoCloseable {

    private final DicomFiles files;
    private final Set<UpperLayerListener> listeners = ConcurrentHashMap.newKeySet();

    public UpperLayerServer(DicomFiles files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    @Override
    public Listener listen(ListenerConfig config, StorageScp storage, QueryScp query, RetrieveScp retrieve)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Files.createDirectories(config.spoolDir());
        UpperLayerListener listener =
                new UpperLayerListener(config, storage, query, retrieve, files, listeners::remove);
        listeners.add(listener);
        return listener;
    }

    /** Closes every listener this server opened. */
    @Override
    public void close() {
        for (UpperLayerListener listener : listeners) {
            listener.close();
        }
    }
}
