package org.atrium.samples.radiomics;

import java.util.Arrays;
import java.util.BitSet;
import org.atrium.samples.support.Volume;

/**
 * First-order and shape statistics of a volume inside a mask, as pyradiomics defines them where
 * it does: standard deviation, skewness and kurtosis over the population (not excess kurtosis),
 * percentiles by linear interpolation between order statistics, entropy in bits over bins of
 * {@link #BIN_WIDTH_HU} HU, surface area as the sum of exposed voxel faces.
 */
record RegionStatistics(
        long voxels,
        double volumeMm3,
        double mean,
        double standardDeviation,
        double minimum,
        double maximum,
        double median,
        double p10,
        double p90,
        double energy,
        double entropy,
        double skewness,
        double kurtosis,
        double surfaceAreaMm2,
        double[] boundingBoxMm) {

    static final double BIN_WIDTH_HU = 25;

    static RegionStatistics of(Volume volume, BitSet mask) {
        int n = mask.cardinality();
        if (n == 0) {
            throw new IllegalArgumentException("the segment is empty");
        }
        float[] voxels = volume.voxels();
        double[] values = new double[n];
        int columns = volume.columns();
        int rows = volume.rows();
        int slices = volume.slices();
        int sliceSize = volume.sliceSize();
        int[] low = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] high = {-1, -1, -1};
        long[] faces = new long[3];
        int k = 0;
        for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
            values[k++] = voxels[i];
            int x = i % columns;
            int y = (i / columns) % rows;
            int z = i / sliceSize;
            int[] at = {x, y, z};
            for (int d = 0; d < 3; d++) {
                low[d] = Math.min(low[d], at[d]);
                high[d] = Math.max(high[d], at[d]);
            }
            faces[0] += exposed(mask, i, x > 0, -1) + exposed(mask, i, x < columns - 1, 1);
            faces[1] += exposed(mask, i, y > 0, -columns) + exposed(mask, i, y < rows - 1, columns);
            faces[2] += exposed(mask, i, z > 0, -sliceSize) + exposed(mask, i, z < slices - 1, sliceSize);
        }
        Arrays.sort(values);
        double sum = 0;
        double energy = 0;
        for (double v : values) {
            sum += v;
            energy += v * v;
        }
        double mean = sum / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : values) {
            double d = v - mean;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        double[] s = volume.spacing();
        double surface = faces[0] * s[1] * s[2] + faces[1] * s[0] * s[2] + faces[2] * s[0] * s[1];
        double[] box = new double[3];
        for (int d = 0; d < 3; d++) {
            box[d] = (high[d] - low[d] + 1) * s[d];
        }
        return new RegionStatistics(
                n,
                n * volume.voxelVolumeMm3(),
                mean,
                Math.sqrt(m2),
                values[0],
                values[n - 1],
                percentile(values, 50),
                percentile(values, 10),
                percentile(values, 90),
                energy,
                entropy(values),
                m2 == 0 ? 0 : m3 / Math.pow(m2, 1.5),
                m2 == 0 ? 0 : m4 / (m2 * m2),
                surface,
                box);
    }

    private static int exposed(BitSet mask, int i, boolean inside, int step) {
        return inside && mask.get(i + step) ? 0 : 1;
    }

    /** Linear interpolation between the closest ranks (numpy's default), of sorted values. */
    static double percentile(double[] sorted, double percent) {
        double rank = percent / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /** Shannon entropy (bits) of the values in bins of {@link #BIN_WIDTH_HU} from the minimum, of sorted values. */
    static double entropy(double[] sorted) {
        double min = sorted[0];
        int bins = (int) Math.floor((sorted[sorted.length - 1] - min) / BIN_WIDTH_HU) + 1;
        long[] counts = new long[bins];
        for (double v : sorted) {
            counts[(int) Math.floor((v - min) / BIN_WIDTH_HU)]++;
        }
        double entropy = 0;
        for (long count : counts) {
            if (count > 0) {
                double p = (double) count / sorted.length;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        return entropy;
    }
}
