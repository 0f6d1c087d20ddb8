package org.atrium.search.internal.sidecar;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.atrium.core.health.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Solr node as a child process and keeps it running: launches it, waits until it answers,
 * restarts it with backoff whenever it dies, and stops it with SIGTERM, then a forced kill. Knows
 * nothing of OSGi, so it can be tested on its own.
 */
final class SolrProcess {

    /** Told when the node starts and stops answering; called from the monitor thread or {@link #stop}. */
    interface Listener {
        void up();

        void down(String reason);
    }

    /** How to launch the node and how to tell that it answers. */
    record Launch(List<String> command, Path log, URI readyUrl, Duration startTimeout, Duration stopTimeout) {
        Launch {
            command = List.copyOf(command);
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(readyUrl, "readyUrl");
        }
    }

    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** A node that ran at least this long before dying gets the shortest backoff again. */
    static final Duration STABLE = Duration.ofMinutes(1);
    /** The node's exit code for a port already taken (SolrNode.EXIT_PORT_BUSY). */
    static final int EXIT_PORT_BUSY = 2;

    private static final Logger LOG = LoggerFactory.getLogger(SolrProcess.class);

    private final Launch launch;
    private final Listener listener;
    private final Thread monitor;
    private final Object lock = new Object();
    private final Object transitions = new Object(); // orders up/down calls to the listener
    private boolean stopping; // guarded by lock
    private Process process; // guarded by lock
    private volatile boolean up;
    private volatile String reason = "starting";
    private volatile int restarts;

    SolrProcess(Launch launch, Listener listener) {
        this.launch = launch;
        this.listener = listener;
        this.monitor = new Thread(this::superviseUntilStopped, "atrium-solr-sidecar");
        this.monitor.setDaemon(true);
    }

    void start() {
        monitor.start();
    }

    /** The running node's process id, or -1. */
    long pid() {
        synchronized (lock) {
            return process != null && process.isAlive() ? process.pid() : -1;
        }
    }

    int restarts() {
        return restarts;
    }

    boolean isUp() {
        return up;
    }

    Health health() {
        if (up) {
            return Health.up(
                    "Solr node answers",
                    Map.of("url", launch.readyUrl().toString(), "pid", pid(), "restarts", restarts));
        }
        return Health.down(reason);
    }

    /** Stops supervising and ends the node: SIGTERM, then a forced kill after the stop timeout. */
    void stop() throws InterruptedException {
        Process running;
        synchronized (lock) {
            stopping = true;
            running = process;
        }
        monitor.interrupt();
        if (running != null) {
            terminate(running);
        }
        monitor.join(launch.stopTimeout().toMillis());
        markDown("stopped");
    }

    private void superviseUntilStopped() {
        Duration backoff = MIN_BACKOFF;
        while (true) {
            long launched = System.nanoTime();
            String failure;
            try {
                Process node = launch();
                if (node == null) {
                    return; // stopped while launching
                }
                LOG.info("Solr node started, pid {}: {}", node.pid(), String.join(" ", launch.command()));
                if (awaitReady(node)) {
                    markUp();
                    int exit = node.waitFor();
                    failure = "Solr node exited with code " + exit;
                } else if (node.isAlive()) {
                    failure = "Solr node did not answer within "
                            + launch.startTimeout().toSeconds() + " s";
                    terminate(node);
                } else {
                    int exit = node.exitValue();
                    failure = exit == EXIT_PORT_BUSY
                            ? "port busy: " + launch.readyUrl().getPort() + " is taken by another program"
                            : "Solr node exited with code " + exit + " while starting";
                }
            } catch (IOException e) {
                failure = "cannot launch the Solr node: " + e.getMessage();
            } catch (InterruptedException e) {
                return; // stop() interrupts us and ends the node itself
            }
            if (isStopping()) {
                return;
            }
            if (System.nanoTime() - launched > STABLE.toNanos()) {
                backoff = MIN_BACKOFF;
            }
            restarts++;
            markDown("restarting (" + failure + ")");
            LOG.warn("{}; restart {} in {} s, see {}", failure, restarts, backoff.toSeconds(), launch.log());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private Process launch() throws IOException {
        Files.createDirectories(launch.log().toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        synchronized (lock) {
            // Under the lock, so that stop() either sees this process or prevents it.
            if (stopping) {
                return null;
            }
            process = builder.start();
            return process;
        }
    }

    private boolean awaitReady(Process node) throws InterruptedException {
        long deadline = System.nanoTime() + launch.startTimeout().toNanos();
        while (node.isAlive() && System.nanoTime() < deadline) {
            if (answers(launch.readyUrl())) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    static boolean answers(URI url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private void terminate(Process node) {
        node.destroy();
        try {
            if (!node.waitFor(launch.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Solr node (pid {}) ignored SIGTERM for {} s: killing it",
                        node.pid(),
                        launch.stopTimeout().toSeconds());
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    private void markUp() {
        synchronized (transitions) {
            if (!up && !isStopping()) {
                up = true;
                reason = "";
                LOG.info("Solr node answers at {}", launch.readyUrl());
                listener.up();
            }
        }
    }

    private void markDown(String why) {
        synchronized (transitions) {
            reason = why;
            if (up) {
                up = false;
                listener.down(why);
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
