package org.atrium.samples.ctsegmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Binary 3D image operations on masks of {@code columns × rows × slices} voxels, index {@code (z *
 * rows + y) * columns + x}, with the 6-neighbourhood. Voxels outside the volume count as set for
 * erosion and unset for dilation, so the volume's edges do not eat into structures cut by them.
 */
final class Morphology {

    private final int columns;
    private final int rows;
    private final int slices;
    private final int sliceSize;
    private final BooleanSupplier cancelled;

    Morphology(int columns, int rows, int slices, BooleanSupplier cancelled) {
        this.columns = columns;
        this.rows = rows;
        this.slices = slices;
        this.sliceSize = columns * rows;
        this.cancelled = cancelled;
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
    }

    boolean[] erode(boolean[] mask) {
        boolean[] out = new boolean[mask.length];
        for (int z = 0; z < slices; z++) {
            checkCancelled();
            for (int y = 0; y < rows; y++) {
                int row = (z * rows + y) * columns;
                for (int x = 0; x < columns; x++) {
                    int i = row + x;
                    out[i] = mask[i]
                            && (x == 0 || mask[i - 1])
                            && (x == columns - 1 || mask[i + 1])
                            && (y == 0 || mask[i - columns])
                            && (y == rows - 1 || mask[i + columns])
                            && (z == 0 || mask[i - sliceSize])
                            && (z == slices - 1 || mask[i + sliceSize]);
                }
            }
        }
        return out;
    }

    boolean[] dilate(boolean[] mask) {
        boolean[] out = new boolean[mask.length];
        for (int z = 0; z < slices; z++) {
            checkCancelled();
            for (int y = 0; y < rows; y++) {
                int row = (z * rows + y) * columns;
                for (int x = 0; x < columns; x++) {
                    int i = row + x;
                    out[i] = mask[i]
                            || (x > 0 && mask[i - 1])
                            || (x < columns - 1 && mask[i + 1])
                            || (y > 0 && mask[i - columns])
                            || (y < rows - 1 && mask[i + columns])
                            || (z > 0 && mask[i - sliceSize])
                            || (z < slices - 1 && mask[i + sliceSize]);
                }
            }
        }
        return out;
    }

    /** Erosion then dilation: removes specks and thin bridges. */
    boolean[] open(boolean[] mask, int iterations) {
        boolean[] result = mask;
        for (int i = 0; i < iterations; i++) {
            result = erode(result);
        }
        for (int i = 0; i < iterations; i++) {
            result = dilate(result);
        }
        return result;
    }

    /** Dilation then erosion: closes small gaps and holes. */
    boolean[] close(boolean[] mask, int iterations) {
        boolean[] result = mask;
        for (int i = 0; i < iterations; i++) {
            result = dilate(result);
        }
        for (int i = 0; i < iterations; i++) {
            result = erode(result);
        }
        return result;
    }

    /** A connected component: its size and one of its voxels. */
    record Component(int size, int seed) {}

    /** The 6-connected components of the mask, largest first. */
    List<Component> components(boolean[] mask) {
        boolean[] visited = new boolean[mask.length];
        IntQueue queue = new IntQueue();
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < mask.length; i++) {
            if (i % sliceSize == 0) {
                checkCancelled();
            }
            if (mask[i] && !visited[i]) {
                components.add(new Component(flood(mask, visited, i, queue), i));
            }
        }
        components.sort(Comparator.comparingInt(Component::size).reversed());
        return components;
    }

    /** Only the given components of the mask. */
    boolean[] keep(boolean[] mask, List<Component> components) {
        boolean[] out = new boolean[mask.length];
        IntQueue queue = new IntQueue();
        for (Component component : components) {
            checkCancelled();
            flood(mask, out, component.seed(), queue);
        }
        return out;
    }

    /** Marks in {@code visited} the component of {@code seed}; returns its size. */
    private int flood(boolean[] mask, boolean[] visited, int seed, IntQueue queue) {
        queue.clear();
        queue.add(seed);
        visited[seed] = true;
        int size = 0;
        while (!queue.isEmpty()) {
            int i = queue.poll();
            size++;
            int x = i % columns;
            int y = (i / columns) % rows;
            int z = i / sliceSize;
            if (x > 0) visit(mask, visited, i - 1, queue);
            if (x < columns - 1) visit(mask, visited, i + 1, queue);
            if (y > 0) visit(mask, visited, i - columns, queue);
            if (y < rows - 1) visit(mask, visited, i + columns, queue);
            if (z > 0) visit(mask, visited, i - sliceSize, queue);
            if (z < slices - 1) visit(mask, visited, i + sliceSize, queue);
        }
        return size;
    }

    private static void visit(boolean[] mask, boolean[] visited, int i, IntQueue queue) {
        if (mask[i] && !visited[i]) {
            visited[i] = true;
            queue.add(i);
        }
    }

    /** Fills, slice by slice, the background not connected (4-neighbourhood) to the slice's border. */
    boolean[] fillHolesPerSlice(boolean[] mask) {
        boolean[] out = mask.clone();
        boolean[] outside = new boolean[sliceSize];
        IntQueue queue = new IntQueue();
        for (int z = 0; z < slices; z++) {
            checkCancelled();
            int base = z * sliceSize;
            Arrays.fill(outside, false);
            queue.clear();
            for (int x = 0; x < columns; x++) {
                seedOutside(mask, base, x, outside, queue);
                seedOutside(mask, base, (rows - 1) * columns + x, outside, queue);
            }
            for (int y = 0; y < rows; y++) {
                seedOutside(mask, base, y * columns, outside, queue);
                seedOutside(mask, base, y * columns + columns - 1, outside, queue);
            }
            while (!queue.isEmpty()) {
                int p = queue.poll();
                int x = p % columns;
                int y = p / columns;
                if (x > 0) seedOutside(mask, base, p - 1, outside, queue);
                if (x < columns - 1) seedOutside(mask, base, p + 1, outside, queue);
                if (y > 0) seedOutside(mask, base, p - columns, outside, queue);
                if (y < rows - 1) seedOutside(mask, base, p + columns, outside, queue);
            }
            for (int p = 0; p < sliceSize; p++) {
                if (!outside[p]) {
                    out[base + p] = true;
                }
            }
        }
        return out;
    }

    private static void seedOutside(boolean[] mask, int base, int p, boolean[] outside, IntQueue queue) {
        if (!mask[base + p] && !outside[p]) {
            outside[p] = true;
            queue.add(p);
        }
    }

    /** A growable FIFO of ints, reused between floods. */
    static final class IntQueue {
        private int[] items = new int[1024];
        private int head;
        private int tail;

        void add(int value) {
            if (tail == items.length) {
                if (head > items.length / 2) {
                    System.arraycopy(items, head, items, 0, tail - head);
                    tail -= head;
                    head = 0;
                } else {
                    items = Arrays.copyOf(items, items.length * 2);
                }
            }
            items[tail++] = value;
        }

        int poll() {
            return items[head++];
        }

        boolean isEmpty() {
            return head == tail;
        }

        void clear() {
            head = 0;
            tail = 0;
        }
    }
}
