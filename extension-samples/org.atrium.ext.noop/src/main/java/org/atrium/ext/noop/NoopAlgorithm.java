package org.atrium.ext.noop;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.InputConstraints;
import org.atrium.extension.api.Resources;
import org.atrium.extension.api.RunContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Does nothing, on request badly: {@code mode} {@code ok} (nothing), {@code output} (one derived
 * object per series: a copy of its first instance with new UIDs, in the source study), {@code
 * fail} (throws), {@code hang} (sleeps until cancelled or timed out), {@code oom} (an
 * OutOfMemoryError), {@code invalid} (a result that is not DICOM). {@code sleepMs} waits first.
 * Its version is the bundle's major.minor.micro.
 */
@Component
public final class NoopAlgorithm implements Algorithm {

    static final String ID = "org.atrium.noop";
    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"mode\":{\"type\":\"string\",\"enum\":[\"ok\",\"output\",\"fail\",\"hang\",\"oom\",\"invalid\"],"
            + "\"default\":\"ok\",\"description\":\"What to do\"},"
            + "\"sleepMs\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":600000,\"default\":0}}}";

    private final AlgorithmDescriptor descriptor;

    /** The descriptor carries the bundle's version, so that each build of this extension is its own version. */
    @Activate
    public NoopAlgorithm(BundleContext context) {
        Version bundle = context.getBundle().getVersion();
        this.descriptor = new AlgorithmDescriptor(
                ID,
                bundle.getMajor() + "." + bundle.getMinor() + "." + bundle.getMicro(),
                "Atrium",
                "No-op",
                "Does nothing, or fails in the way asked for: for tests and benchmarks",
                InputConstraints.ANY,
                SCHEMA,
                new Resources(1, 64, false),
                AlgorithmDescriptor.Scope.SERIES);
    }

    @Override
    public AlgorithmDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void run(RunContext context) throws Exception {
        long sleep = ((Number) context.parameters().getOrDefault("sleepMs", 0L)).longValue();
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
        String mode = (String) context.parameters().getOrDefault("mode", "ok");
        context.log("noop: mode " + mode + " on " + context.inputs().size() + " series");
        switch (mode) {
            case "output" -> {
                for (var series : context.inputs()) {
                    Attributes copy = context.dicom().read(series.files().get(0));
                    copy.setString(Tag.SOPInstanceUID, uid());
                    copy.setString(Tag.SeriesInstanceUID, uid());
                    copy.setString(
                            Tag.SeriesDescription,
                            "noop " + context.provenance().jobId());
                    copy.setString(Tag.SeriesNumber, "999");
                    context.output().add(copy);
                }
            }
            case "fail" -> throw new IllegalStateException("noop failed on purpose");
            case "hang" -> {
                context.progress(0.5, "hanging until cancelled");
                while (!context.cancelled()) {
                    Thread.sleep(200);
                }
            }
            case "oom" -> {
                // Asks for more than any heap can hold: an OutOfMemoryError without filling the heap.
                long[] huge = new long[Integer.MAX_VALUE - 2];
                context.log("allocated " + huge.length);
            }
            case "invalid" -> {
                Path file = context.workDir().resolve("invalid.dcm");
                Files.writeString(file, "this is not DICOM");
                context.output().add(file);
            }
            default -> context.progress(1, "nothing to do");
        }
    }

    private static String uid() {
        UUID u = UUID.randomUUID();
        BigInteger value = new BigInteger(
                1,
                java.nio.ByteBuffer.allocate(16)
                        .putLong(u.getMostSignificantBits())
                        .putLong(u.getLeastSignificantBits())
                        .array());
        return "2.25." + value;
    }
}
