package org.atrium.dicom;

/** Values of Query/Retrieve Level (0008,0052). */
public enum QueryLevel {
    PATIENT,
    STUDY,
    SERIES,
    IMAGE;

    /** Parses the attribute value; {@code null} for anything that is not a level. */
    public static QueryLevel parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
