package org.atrium.ui.vaadin.internal.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.store.IngestContext;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.atrium.store.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an uploaded DICOM file or a zip of them into the research store, streaming each to a file
 * in the store's incoming folder first (never holding a file in memory). Anything that is not a
 * DICOM Part 10 file is rejected with a message; the rest of a zip goes on.
 */
public final class UploadIngest {

    /** One uploaded file, or one entry of an uploaded zip. */
    public record Outcome(String name, boolean stored, String message, String seriesInstanceUid) {}

    private static final Logger LOG = LoggerFactory.getLogger(UploadIngest.class);

    private final ResearchStore store;
    private final DicomFiles dicom;
    private final long maxBytes;
    private final int maxEntries;

    public UploadIngest(ResearchStore store, DicomFiles dicom, long maxBytes, int maxEntries) {
        this.store = store;
        this.dicom = dicom;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** Stores what {@code in} holds; the outcome of each file, in order. */
    public List<Outcome> ingest(String fileName, InputStream in, IngestContext context) throws IOException {
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return ingestZip(fileName, in, context);
        }
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(ingestOne(fileName, in, context, new long[] {maxBytes}));
        return outcomes;
    }

    /** The series of the stored outcomes, once each. */
    public static Set<String> series(List<Outcome> outcomes) {
        Set<String> series = new LinkedHashSet<>();
        outcomes.stream()
                .filter(Outcome::stored)
                .map(Outcome::seriesInstanceUid)
                .filter(uid -> uid != null && !uid.isEmpty())
                .forEach(series::add);
        return series;
    }

    private List<Outcome> ingestZip(String zipName, InputStream in, IngestContext context) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        long[] budget = {maxBytes};
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = zipName + "!" + entry.getName();
                if (outcomes.size() >= maxEntries) {
                    outcomes.add(new Outcome(name, false, "the zip has more than " + maxEntries + " files", null));
                    break;
                }
                if (budget[0] <= 0) {
                    outcomes.add(new Outcome(name, false, "the upload is larger than " + maxBytes + " bytes", null));
                    break;
                }
                outcomes.add(ingestOne(name, zip, context, budget));
            }
        } catch (java.util.zip.ZipException e) {
            outcomes.add(new Outcome(zipName, false, "not a readable zip: " + e.getMessage(), null));
        }
        return outcomes;
    }

    private Outcome ingestOne(String name, InputStream in, IngestContext context, long[] budget) throws IOException {
        Path file = Files.createTempFile(store.incomingDir(), "upload-", ".part");
        try {
            long written = copy(in, file, budget[0]);
            budget[0] -= written;
            if (written < 0) {
                budget[0] = 0;
                return new Outcome(name, false, "larger than the upload limit of " + maxBytes + " bytes", null);
            }
            Attributes header;
            try {
                header = dicom.readHeader(file);
            } catch (IOException notDicom) {
                LOG.info("upload {} rejected: not a DICOM file ({})", name, notDicom.getMessage());
                return new Outcome(name, false, "not a DICOM file", null);
            }
            String series = header.getString(Tag.SeriesInstanceUID);
            try {
                StoreResult result = store.store(file, context);
                return new Outcome(name, true, result.outcome().toString().toLowerCase(Locale.ROOT), series);
            } catch (StoreException e) {
                LOG.info("upload {} refused by the store: {}", name, e.getMessage());
                return new Outcome(name, false, e.getMessage(), series);
            }
        } finally {
            Files.deleteIfExists(file); // gone already when the store took it
        }
    }

    /** Copies at most {@code limit} bytes; -1 when there was more. */
    private static long copy(InputStream in, Path file, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limit) {
                    return -1;
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }
}
