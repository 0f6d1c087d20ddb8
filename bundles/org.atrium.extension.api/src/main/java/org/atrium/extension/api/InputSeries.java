package org.atrium.extension.api;

import java.nio.file.Path;
import java.util.List;

/**
 * One input series: its identity and its instances' Part 10 files in the research store, in
 * instance order. Read the files; never write, move or delete them.
 */
public record InputSeries(
        String patientId, String studyInstanceUid, String seriesInstanceUid, String modality, List<Path> files) {

    public InputSeries {
        files = List.copyOf(files);
    }
}
