package org.atrium.ui.vaadin.internal.viewer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.image.Segmentation;

/** Decoded segmentations, the few most recently drawn: a viewer draws one SEG on every slice. */
public final class SegCache {

    private static final int KEPT = 8;

    private final DicomImages images;
    private final Map<String, Segmentation> kept = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Segmentation> eldest) {
            return size() > KEPT;
        }
    };

    public SegCache(DicomImages images) {
        this.images = images;
    }

    public Segmentation get(String sopInstanceUid, Path file) throws IOException {
        synchronized (kept) {
            Segmentation known = kept.get(sopInstanceUid);
            if (known != null) {
                return known;
            }
        }
        Segmentation decoded = images.segmentation(file);
        synchronized (kept) {
            kept.put(sopInstanceUid, decoded);
        }
        return decoded;
    }
}
