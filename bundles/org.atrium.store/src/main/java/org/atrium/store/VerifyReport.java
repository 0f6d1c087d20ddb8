package org.atrium.store;

import java.util.List;

/**
 * Result of comparing the store's files and index rows.
 *
 * @param filesChecked files found on disk
 * @param rowsChecked instance rows in the index
 * @param filesWithoutRows files that no index row refers to (relative paths)
 * @param rowsWithoutFiles SOP Instance UIDs whose file is missing
 * @param sizeMismatches SOP Instance UIDs whose file size differs from the index
 */
public record VerifyReport(
        long filesChecked,
        long rowsChecked,
        List<String> filesWithoutRows,
        List<String> rowsWithoutFiles,
        List<String> sizeMismatches) {

    public boolean clean() {
        return filesWithoutRows.isEmpty() && rowsWithoutFiles.isEmpty() && sizeMismatches.isEmpty();
    }
}
