package org.atrium.itests;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * kill -9 of the platform in the middle of an ingest: after a restart every instance that was
 * acknowledged is there and {@code atrium:store-verify} finds nothing wrong.
 */
public class CrashRecoveryIT {

    static final int DICOM_PORT = 21114;
    static final int WEB_PORT = 18081;
    static final int SSH_PORT = 18102;
    static final int SOLR_PORT = 18984;
    static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");

    KarafProcess platform;

    @Test
    public void everyAcknowledgedInstanceSurvivesAKill() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue("pydicom test files missing: apt-get install python3-pydicom", Files.exists(CT));
        platform = new KarafProcess("crash", DICOM_PORT, WEB_PORT, SSH_PORT, SOLR_PORT);
        Path home = platform.home;

        String study = "2.25." + System.nanoTime();
        Path folder = Files.createDirectories(home.resolve("outgoing"));
        for (int i = 0; i < 1500; i++) {
            Files.copy(CT, folder.resolve(String.format("%05d.dcm", i)));
        }
        Dcmtk.Result modified = Dcmtk.run(
                folder,
                "sh",
                "-c",
                "dcmodify -nb -gin -ma StudyInstanceUID=" + study + " -ma SeriesInstanceUID=" + study
                        + ".1 -ma PatientID=CRASH *.dcm");
        assertTrue(modified.output(), modified.ok());

        platform.start();
        Process sender = Dcmtk.start(
                null,
                "storescu",
                "-v",
                "+sd",
                "-aec",
                "ATRIUM",
                "127.0.0.1",
                Integer.toString(DICOM_PORT),
                folder.toString());
        List<Path> acknowledged = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(sender.getInputStream(), StandardCharsets.UTF_8))) {
            Path sending = null;
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("Sending file: ")) {
                    sending = Path.of(
                            line.substring(line.indexOf("Sending file: ") + 14).trim());
                } else if (line.contains("Received Store Response") && line.contains("Success") && sending != null) {
                    acknowledged.add(sending);
                    if (acknowledged.size() == 300) {
                        platform.kill(); // SIGKILL: no shutdown hooks, no flush
                    }
                }
            }
        }
        sender.waitFor(1, TimeUnit.MINUTES);
        assertTrue(
                "the platform was killed after " + acknowledged.size() + " acknowledged instances",
                acknowledged.size() >= 300 && acknowledged.size() < 1500);

        platform.start();
        Set<String> expected = new HashSet<>();
        for (Path file : acknowledged) {
            Dcmtk.Result dump = Dcmtk.run("dcmdump", "+P", "0008,0018", file.toString());
            expected.add(value(dump.output()));
        }
        Dcmtk.Result find = Dcmtk.run(
                "findscu",
                "-v",
                "-S",
                "-aec",
                "ATRIUM",
                "-k",
                "QueryRetrieveLevel=IMAGE",
                "-k",
                "StudyInstanceUID=" + study,
                "-k",
                "SeriesInstanceUID=" + study + ".1",
                "-k",
                "SOPInstanceUID",
                "127.0.0.1",
                Integer.toString(DICOM_PORT));
        Set<String> found = new HashSet<>();
        Matcher m = Pattern.compile("\\(0008,0018\\) UI \\[([0-9.]+)").matcher(find.output());
        while (m.find()) {
            found.add(m.group(1));
        }
        Set<String> lost = new HashSet<>(expected);
        lost.removeAll(found);
        assertTrue(
                lost.size() + " acknowledged instances lost, e.g. "
                        + lost.stream().limit(3).toList(),
                lost.isEmpty());

        Dcmtk.Result verify = Dcmtk.run(
                home,
                "sh",
                "-c",
                "printf 'atrium:store-verify\\n' | bin/client -u itest -p itest -a " + SSH_PORT + " -r 30 -d 2 -b");
        assertTrue(verify.output(), verify.output().contains("Store is consistent"));
    }

    private static String value(String dump) {
        int open = dump.indexOf('[');
        return open < 0 ? "" : dump.substring(open + 1, dump.indexOf(']', open)).trim();
    }

    @After
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
