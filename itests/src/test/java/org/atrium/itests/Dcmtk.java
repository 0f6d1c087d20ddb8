package org.atrium.itests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs DCMTK's command line tools, the peers nobody here wrote. */
final class Dcmtk {

    private Dcmtk() {}

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/storescu"));
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(null, command);
    }

    static Result run(Path workingDir, String... command) throws IOException, InterruptedException {
        Process process = start(workingDir, command);
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + Arrays.toString(command));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /**
     * A copy of {@code source} at {@code target} in study {@code studyUid}, series {@code seriesUid}
     * of patient {@code patientId}, with a new SOP Instance UID (dcmodify).
     */
    static Path copyAs(Path source, Path target, String studyUid, String seriesUid, String patientId)
            throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
        Result modified = run(
                "dcmodify",
                "-nb",
                "-gin",
                "-ma",
                "StudyInstanceUID=" + studyUid,
                "-ma",
                "SeriesInstanceUID=" + seriesUid,
                "-ma",
                "PatientID=" + patientId,
                target.toString());
        if (!modified.ok()) {
            throw new IOException("dcmodify failed on " + target + ": " + modified.output());
        }
        return target;
    }

    /** storescu of every file below {@code folder} to the AE ATRIUM on {@code port} of this host. */
    static void storeFolder(int port, Path folder) throws IOException, InterruptedException {
        Result sent = run("storescu", "+sd", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(port), folder.toString());
        if (!sent.ok()) {
            throw new IOException("storescu of " + folder + " failed: " + sent.output());
        }
    }

    static Process start(Path workingDir, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        // DCMTK waits for Nagle's algorithm on loopback without this.
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Counts the lines containing {@code text}. */
    /** storescu's option that proposes a transfer syntax (it proposes uncompressed ones only by default). */
    static List<String> proposing(String transferSyntax) {
        String option =
                switch (transferSyntax) {
                    case "1.2.840.10008.1.2" -> "-xi";
                    case "1.2.840.10008.1.2.2" -> "-xb";
                    case "1.2.840.10008.1.2.1.99" -> "-xd";
                    case "1.2.840.10008.1.2.4.50" -> "-xy";
                    case "1.2.840.10008.1.2.4.51" -> "-xx";
                    case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" -> "-xs";
                    case "1.2.840.10008.1.2.4.80" -> "-xt";
                    case "1.2.840.10008.1.2.4.81" -> "-xu";
                    case "1.2.840.10008.1.2.4.90" -> "-xv";
                    case "1.2.840.10008.1.2.4.91" -> "-xw";
                    case "1.2.840.10008.1.2.5" -> "-xr";
                    default -> "-xe";
                };
        return List.of("-R", option);
    }

    static int count(String output, String text) {
        int n = 0;
        for (String line : output.split("\n")) {
            if (line.contains(text)) {
                n++;
            }
        }
        return n;
    }

    /** The data set bytes of a Part 10 file: everything after the File Meta Information. */
    static byte[] dataSet(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int offset = 132;
        // (0002,0000) UL group length, explicit VR little endian: 4 tag + 2 VR + 2 length + 4 value
        int groupLength = (bytes[offset + 8] & 0xff)
                | (bytes[offset + 9] & 0xff) << 8
                | (bytes[offset + 10] & 0xff) << 16
                | (bytes[offset + 11] & 0xff) << 24;
        return Arrays.copyOfRange(bytes, offset + 12 + groupLength, bytes.length);
    }

    /**
     * A file's content as DCMTK reads it: every value in full (pixel data included), without the
     * meta header, lengths, delimiters and trailing padding, which a sender may legitimately re-encode.
     */
    static String normalizedDump(Path file) throws IOException, InterruptedException {
        Result dump = run("dcmdump", "-q", "+M", "+L", file.toString());
        if (!dump.ok()) {
            throw new IOException("dcmdump failed on " + file + ": " + dump.output());
        }
        StringBuilder normalized = new StringBuilder();
        for (String line : dump.output().split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("(0002,")
                    || trimmed.startsWith("(fffe,e00d)")
                    || trimmed.startsWith("(fffe,e0dd)")
                    || trimmed.startsWith("(fffc,fffc)")
                    || trimmed.startsWith("#")
                    || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.length() > 14 && trimmed.startsWith("na", 12)) {
                continue; // item start: whether its length is explicit is encoding
            }
            if (trimmed.length() > 14 && trimmed.startsWith("SQ", 12)) {
                normalized.append(line, 0, line.indexOf("SQ") + 2).append('\n');
                continue;
            }
            int comment = line.lastIndexOf(" # ");
            normalized
                    .append(comment < 0 ? line : line.substring(0, comment).stripTrailing())
                    .append('\n');
        }
        return normalized.toString();
    }

    /** Same data set bytes, or else (a peer re-encoded it) the same values. */
    static boolean sameContent(Path a, Path b) throws IOException, InterruptedException {
        return Arrays.equals(dataSet(a), dataSet(b)) || normalizedDump(a).equals(normalizedDump(b));
    }

    /** The transfer syntax in a Part 10 file's meta header, read with dcmdump. */
    static String transferSyntax(Path file) throws IOException, InterruptedException {
        Result dump = run("dcmdump", "-M", "-Un", "+P", "0002,0010", file.toString());
        String out = dump.output();
        int open = out.indexOf('[');
        return open < 0 ? "" : out.substring(open + 1, out.indexOf(']', open)).trim();
    }

    static List<Path> files(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }

    /** How many instances of a study Atrium's Q/R SCP on {@code port} finds (C-FIND at IMAGE level). */
    static int instancesInStudy(int port, String studyUid) throws IOException, InterruptedException {
        Result find = run(
                "findscu",
                "-v",
                "-S",
                "-aec",
                "ATRIUM",
                "-k",
                "QueryRetrieveLevel=IMAGE",
                "-k",
                "StudyInstanceUID=" + studyUid,
                "-k",
                "SOPInstanceUID",
                "127.0.0.1",
                Integer.toString(port));
        return count(find.output(), "(0008,0018) UI [");
    }
}
