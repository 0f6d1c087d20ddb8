package org.atrium.pacs.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Study Instance UIDs and Accession Numbers from a study coordinator's CSV. With a header row, the
 * columns named StudyInstanceUID (or Study UID) and AccessionNumber (or Accession) are read;
 * without one, the first column, where a value that looks like a UID is a Study Instance UID and
 * anything else an Accession Number. Separators {@code ,} {@code ;} or tab; quotes as RFC 4180;
 * blank lines and lines starting with {@code #} are skipped; duplicates are kept once.
 */
public final class CsvIds {

    static final Pattern UID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    public record Ids(List<String> studyInstanceUids, List<String> accessionNumbers) {}

    private CsvIds() {}

    public static Ids parse(String text) {
        Set<String> uids = new LinkedHashSet<>();
        Set<String> accessions = new LinkedHashSet<>();
        int uidColumn = -1;
        int accessionColumn = -1;
        boolean first = true;
        int lineNumber = 0;
        for (String line : text.split("\r\n|\n|\r")) {
            lineNumber++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> cells = cells(line);
            if (first) {
                first = false;
                for (int i = 0; i < cells.size(); i++) {
                    String name = cells.get(i).toLowerCase(Locale.ROOT).replaceAll("[\\s_()-]", "");
                    if (name.equals("studyinstanceuid") || name.equals("studyuid") || name.equals("0020000d")) {
                        uidColumn = i;
                    } else if (name.equals("accessionnumber") || name.equals("accession") || name.equals("00080050")) {
                        accessionColumn = i;
                    }
                }
                if (uidColumn >= 0 || accessionColumn >= 0) {
                    continue; // a header
                }
            }
            if (uidColumn < 0 && accessionColumn < 0) {
                String value = cells.get(0);
                if (value.isEmpty()) {
                    continue;
                }
                (UID.matcher(value).matches() && value.length() <= 64 ? uids : accessions).add(value);
                continue;
            }
            if (uidColumn >= 0
                    && uidColumn < cells.size()
                    && !cells.get(uidColumn).isEmpty()) {
                String uid = cells.get(uidColumn);
                if (!UID.matcher(uid).matches() || uid.length() > 64) {
                    throw new IllegalArgumentException("line " + lineNumber + ": not a UID: '" + uid + "'");
                }
                uids.add(uid);
            } else if (accessionColumn >= 0 && accessionColumn < cells.size()) {
                String accession = cells.get(accessionColumn);
                if (accession.length() > 16) {
                    throw new IllegalArgumentException("line " + lineNumber
                            + ": an Accession Number has at most 16 characters: '" + accession + "'");
                }
                if (!accession.isEmpty()) {
                    accessions.add(accession);
                }
            }
        }
        return new Ids(new ArrayList<>(uids), new ArrayList<>(accessions));
    }

    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || c == ';' || c == '\t') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }
}
