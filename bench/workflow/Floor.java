import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The floor: a plain ThreadPoolExecutor running the same no-op N times on the same number of threads. */
public class Floor {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int slots = Integer.parseInt(args[1]);
        ExecutorService pool = Executors.newFixedThreadPool(slots);
        long[] queued = new long[n];
        long[] started = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int job = i;
            queued[i] = System.nanoTime();
            pool.execute(() -> {
                started[job] = System.nanoTime();
                done.countDown();
            });
        }
        done.await();
        long wall = System.nanoTime() - t0;
        pool.shutdown();
        long[] latency = new long[n];
        for (int i = 0; i < n; i++) {
            latency[i] = started[i] - queued[i];
        }
        Arrays.sort(latency);
        System.out.printf(
                "floor  %d no-op tasks on %d threads: wall %.1f ms, %.4f ms per task, queue->start p50 %.3f ms p95 %.3f ms%n",
                n, slots, wall / 1e6, wall / 1e6 / n, latency[n / 2] / 1e6, latency[n * 95 / 100] / 1e6);
    }
}
