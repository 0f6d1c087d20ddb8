package org.atrium.dicom;

/** Rules for Application Entity titles (PS3.5 AE value representation). */
public final class AeTitles {

    private AeTitles() {}

    /** Throws when {@code aeTitle} is empty, longer than 16 characters or not printable ASCII. */
    public static String requireValid(String aeTitle) {
        String trimmed = aeTitle == null ? "" : aeTitle.trim();
        if (trimmed.isEmpty() || trimmed.length() > 16) {
            throw new IllegalArgumentException("AE title must have 1 to 16 characters: '" + aeTitle + "'");
        }
        for (char c : trimmed.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '\\') {
                throw new IllegalArgumentException("AE title has a forbidden character: '" + aeTitle + "'");
            }
        }
        return trimmed;
    }
}
