package org.atrium.samples.ctsegmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atrium.extension.api.InputSeries;
import org.atrium.samples.testing.SyntheticCt;
import org.atrium.samples.testing.TestRunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the sample on a 300-slice 512 × 512 CT, printed, never asserted: run it with
 * {@code -Dbench.segmentation=true} (bench/workflow/segmentation does).
 */
@EnabledIfSystemProperty(named = "bench.segmentation", matches = "true")
class SegmentationThroughputTest {

    @TempDir
    Path temp;

    @Test
    void segmentsA300SliceCt() throws Exception {
        int slices = Integer.getInteger("bench.slices", 300);
        InputSeries series = new SyntheticCt(512, slices).write(temp.resolve("ct"));
        for (int run = 1; run <= 2; run++) {
            TestRunContext context =
                    new TestRunContext(CtSegmentation.ID, List.of(series), Map.of(), temp.resolve("run" + run));
            long start = System.nanoTime();
            new CtSegmentation().run(context);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1, context.outputs().size());
            System.out.printf(
                    "BENCH ct-segmentation run %d: %d slices of 512x512 in %.1f s = %.1f slices/s (SEG %d bytes)%n",
                    run,
                    slices,
                    seconds,
                    slices / seconds,
                    context.outputs().get(0).toFile().length());
        }
    }
}
