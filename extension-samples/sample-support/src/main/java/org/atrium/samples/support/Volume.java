package org.atrium.samples.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.image.ImageInfo;
import org.atrium.extension.api.RunContext;

/**
 * A series of single-frame slices as one volume of modality values (HU for CT): {@code
 * voxels[(z * rows + y) * columns + x]}, slices ordered along the slice normal.
 */
public final class Volume {

    private final List<Path> files;
    private final List<ImageInfo> slices;
    private final Map<String, Integer> sliceOfInstance = new HashMap<>();
    private final int columns;
    private final int rows;
    private final float[] voxels;
    private final double[] spacing;

    private Volume(List<Path> files, List<ImageInfo> slices, float[] voxels, double[] spacing) {
        this.files = List.copyOf(files);
        this.slices = List.copyOf(slices);
        this.columns = slices.get(0).columns();
        this.rows = slices.get(0).rows();
        this.voxels = voxels;
        this.spacing = spacing;
        for (int z = 0; z < slices.size(); z++) {
            sliceOfInstance.put(slices.get(z).sopInstanceUid(), z);
        }
    }

    /**
     * Reads every slice, reporting progress (up to {@code progressShare} of the run) and
     * checking for cancellation after each.
     *
     * @throws CancellationException when the run was cancelled while reading
     */
    public static Volume read(RunContext context, List<Path> files, double progressShare) throws IOException {
        return read(
                context.images(),
                files,
                context::cancelled,
                (done, total) -> context.progress(progressShare * done / total, "read slice " + done + " of " + total));
    }

    /** Progress of reading: slices done so far and in all. */
    public interface Progress {
        void slicesRead(int done, int total);
    }

    public static Volume read(
            DicomImages images, List<Path> files, java.util.function.BooleanSupplier cancelled, Progress progress)
            throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("the series has no images");
        }
        List<ImageInfo> infos = new ArrayList<>(files.size());
        for (Path file : files) {
            ImageInfo info = images.info(file);
            if (info.frames() != 1 || !info.isMonochrome()) {
                throw new IllegalArgumentException(
                        "only single-frame monochrome slices are supported: " + info.sopInstanceUid());
            }
            infos.add(info);
        }
        ImageInfo first = infos.get(0);
        double[] normal = normal(first);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            ImageInfo info = infos.get(i);
            if (info.rows() != first.rows() || info.columns() != first.columns()) {
                throw new IllegalArgumentException("slices differ in size: " + info.sopInstanceUid());
            }
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> position(infos.get(i), normal)));
        int pixels = first.rows() * first.columns();
        float[] voxels = new float[Math.multiplyExact(pixels, infos.size())];
        List<Path> sortedFiles = new ArrayList<>();
        List<ImageInfo> sortedInfos = new ArrayList<>();
        for (int z = 0; z < order.size(); z++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled while reading slice " + (z + 1));
            }
            Path file = files.get(order.get(z));
            float[] values = images.modalityValues(file, 0);
            System.arraycopy(values, 0, voxels, z * pixels, pixels);
            sortedFiles.add(file);
            sortedInfos.add(infos.get(order.get(z)));
            progress.slicesRead(z + 1, order.size());
        }
        double[] pixelSpacing = first.pixelSpacing() == null ? new double[] {1, 1} : first.pixelSpacing();
        double sliceSpacing = sortedInfos.size() > 1
                ? Math.abs(position(sortedInfos.get(1), normal) - position(sortedInfos.get(0), normal))
                : 1;
        // Pixel Spacing is row spacing (between rows: y) then column spacing (between columns: x).
        double[] spacing = {pixelSpacing[1], pixelSpacing[0], sliceSpacing > 0 ? sliceSpacing : 1};
        return new Volume(sortedFiles, sortedInfos, voxels, spacing);
    }

    private static double[] normal(ImageInfo info) {
        double[] o = info.imageOrientationPatient();
        if (o == null) {
            return new double[] {0, 0, 1};
        }
        return new double[] {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
    }

    private static double position(ImageInfo info, double[] normal) {
        double[] p = info.imagePositionPatient();
        if (p == null) {
            return info.instanceNumber() == null ? 0 : info.instanceNumber();
        }
        return p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public int slices() {
        return slices.size();
    }

    public int sliceSize() {
        return rows * columns;
    }

    public int size() {
        return voxels.length;
    }

    /** The voxels themselves, not a copy: read them, do not change them. */
    public float[] voxels() {
        return voxels;
    }

    public float value(int x, int y, int z) {
        return voxels[(z * rows + y) * columns + x];
    }

    /** x (between columns), y (between rows), z (between slices), in mm. */
    public double[] spacing() {
        return spacing.clone();
    }

    public double voxelVolumeMm3() {
        return spacing[0] * spacing[1] * spacing[2];
    }

    /** The slice files, in volume order. */
    public List<Path> files() {
        return files;
    }

    public ImageInfo slice(int z) {
        return slices.get(z);
    }

    /** The slice index of a source image, or -1 when it is not in this volume. */
    public int sliceOf(String sopInstanceUid) {
        return sliceOfInstance.getOrDefault(sopInstanceUid, -1);
    }
}
