package org.atrium.workflow.internal;

import org.atrium.extension.api.Resources;

/** CPU slots, a memory budget and GPUs that running jobs hold. Not thread-safe: the engine locks. */
final class ResourcePool {

    private final int cpuSlots;
    private final long memoryMb;
    private final int gpus;
    private int usedSlots;
    private long usedMemoryMb;
    private int usedGpus;

    ResourcePool(int cpuSlots, long memoryMb, int gpus) {
        this.cpuSlots = Math.max(1, cpuSlots);
        this.memoryMb = Math.max(1, memoryMb);
        this.gpus = Math.max(0, gpus);
    }

    /** Why a job with these needs can never start here; {@code null} when it can. */
    String never(Resources needs) {
        if (needs.gpu() && gpus == 0) {
            return "waiting: needs a GPU and none is configured (gpus = 0 in org.atrium.workflow)";
        }
        if (needs.threads() > cpuSlots) {
            return "waiting: needs " + needs.threads() + " CPU slots, only " + cpuSlots
                    + " are configured (cpuSlots in org.atrium.workflow)";
        }
        if (needs.memoryMb() > memoryMb) {
            return "waiting: needs " + needs.memoryMb() + " MB, the budget is " + memoryMb
                    + " MB (memoryMb in org.atrium.workflow)";
        }
        return null;
    }

    /** Why a job with these needs cannot start now; {@code null} when it fits. */
    String whyNot(Resources needs) {
        String never = never(needs);
        if (never != null) {
            return never;
        }
        if (usedSlots + needs.threads() > cpuSlots) {
            return "waiting for CPU: " + (cpuSlots - usedSlots) + " of " + cpuSlots + " slots free, needs "
                    + needs.threads();
        }
        if (usedMemoryMb + needs.memoryMb() > memoryMb) {
            return "waiting for memory: " + (memoryMb - usedMemoryMb) + " of " + memoryMb + " MB free, needs "
                    + needs.memoryMb();
        }
        if (needs.gpu() && usedGpus >= gpus) {
            return "waiting for a GPU: all " + gpus + " in use";
        }
        return null;
    }

    boolean tryAcquire(Resources needs) {
        if (whyNot(needs) != null) {
            return false;
        }
        usedSlots += needs.threads();
        usedMemoryMb += needs.memoryMb();
        usedGpus += needs.gpu() ? 1 : 0;
        return true;
    }

    void release(Resources needs) {
        usedSlots = Math.max(0, usedSlots - needs.threads());
        usedMemoryMb = Math.max(0, usedMemoryMb - needs.memoryMb());
        usedGpus = Math.max(0, usedGpus - (needs.gpu() ? 1 : 0));
    }

    int freeSlots() {
        return cpuSlots - usedSlots;
    }

    @Override
    public String toString() {
        return cpuSlots + " CPU slots, " + memoryMb + " MB, " + gpus + " GPUs";
    }
}
