package org.atrium.ui.vaadin.internal.viewer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.image.ImageInfo;
import org.atrium.dicom.image.Window;
import org.atrium.store.InstanceRecord;
import org.atrium.store.ResearchStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slices of a series in anatomical order: every frame of every image instance, sorted along
 * the slice normal when the images carry their position and orientation, else by Instance Number.
 * Recently opened series are kept, since a viewer asks for the same series again and again.
 */
public final class Slices {

    /** One frame of one instance. */
    public record Slice(String sopInstanceUid, int frame, double position, Integer instanceNumber) {}

    /** The ordered slices with the display defaults of the first image. */
    public record Stack(
            String seriesInstanceUid, List<Slice> slices, Window window, int rows, int columns, String modality) {}

    private static final Logger LOG = LoggerFactory.getLogger(Slices.class);
    private static final int CACHED_SERIES = 32;

    private final ResearchStore store;
    private final DicomImages images;
    private final Map<String, Stack> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stack> eldest) {
            return size() > CACHED_SERIES;
        }
    };

    public Slices(ResearchStore store, DicomImages images) {
        this.store = store;
        this.images = images;
    }

    public Stack of(String seriesInstanceUid) {
        synchronized (cache) {
            Stack known = cache.get(seriesInstanceUid);
            if (known != null) {
                return known;
            }
        }
        Stack stack = load(seriesInstanceUid);
        if (!stack.slices().isEmpty()) {
            synchronized (cache) {
                cache.put(seriesInstanceUid, stack);
            }
        }
        return stack;
    }

    private Stack load(String seriesInstanceUid) {
        List<Slice> slices = new ArrayList<>();
        ImageInfo first = null;
        for (InstanceRecord instance : store.instances(ResearchStore.Level.SERIES, seriesInstanceUid)) {
            ImageInfo info;
            try {
                info = images.info(store.file(instance));
            } catch (IOException | RuntimeException notAnImage) {
                LOG.debug("{} is no image: {}", instance, notAnImage.getMessage());
                continue;
            }
            if (info.rows() <= 0 || info.columns() <= 0) {
                continue;
            }
            if (first == null) {
                first = info;
            }
            double position = position(info);
            for (int frame = 0; frame < Math.max(1, info.frames()); frame++) {
                slices.add(new Slice(info.sopInstanceUid(), frame, position, info.instanceNumber()));
            }
        }
        slices.sort(Comparator.comparingDouble(Slice::position)
                .thenComparing(s -> s.instanceNumber() == null ? Integer.MAX_VALUE : s.instanceNumber())
                .thenComparingInt(Slice::frame));
        if (first == null) {
            return new Stack(seriesInstanceUid, List.of(), null, 0, 0, "");
        }
        return new Stack(
                seriesInstanceUid,
                List.copyOf(slices),
                first.defaultWindow(),
                first.rows(),
                first.columns(),
                first.modality());
    }

    /** Distance along the slice normal, or the Instance Number, or 0. */
    static double position(ImageInfo info) {
        double[] ipp = info.imagePositionPatient();
        double[] iop = info.imageOrientationPatient();
        if (ipp != null && ipp.length == 3 && iop != null && iop.length == 6) {
            double nx = iop[1] * iop[5] - iop[2] * iop[4];
            double ny = iop[2] * iop[3] - iop[0] * iop[5];
            double nz = iop[0] * iop[4] - iop[1] * iop[3];
            return ipp[0] * nx + ipp[1] * ny + ipp[2] * nz;
        }
        if (info.sliceLocation() != null) {
            return info.sliceLocation();
        }
        return info.instanceNumber() == null ? 0 : info.instanceNumber();
    }
}
