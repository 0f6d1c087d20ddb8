package org.atrium.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.atrium.extension.api.Resources;
import org.junit.jupiter.api.Test;

class ResourcePoolTest {

    @Test
    void jobsFitUntilSlotsOrMemoryRunOut() {
        ResourcePool pool = new ResourcePool(4, 1000, 1);
        assertTrue(pool.tryAcquire(new Resources(2, 400, false)));
        assertTrue(pool.tryAcquire(new Resources(1, 400, false)));
        assertFalse(pool.tryAcquire(new Resources(2, 100, false)), "only one slot left");
        assertFalse(pool.tryAcquire(new Resources(1, 300, false)), "only 200 MB left");
        assertTrue(pool.tryAcquire(new Resources(1, 200, false)));
        pool.release(new Resources(2, 400, false));
        assertTrue(pool.tryAcquire(new Resources(2, 100, false)));
    }

    @Test
    void oneJobPerGpu() {
        ResourcePool pool = new ResourcePool(8, 10_000, 1);
        assertTrue(pool.tryAcquire(new Resources(1, 100, true)));
        assertTrue(pool.whyNot(new Resources(1, 100, true)).contains("GPU"));
        assertTrue(pool.tryAcquire(new Resources(1, 100, false)), "CPU jobs still run");
    }

    @Test
    void saysWhenAJobCanNeverRun() {
        ResourcePool pool = new ResourcePool(2, 1000, 0);
        assertNotNull(pool.never(new Resources(1, 100, true)));
        assertTrue(pool.never(new Resources(1, 100, true)).contains("gpus = 0"));
        assertNotNull(pool.never(new Resources(3, 100, false)));
        assertNotNull(pool.never(new Resources(1, 2000, false)));
        assertNull(pool.never(new Resources(2, 1000, false)));
    }
}
