package org.atrium.dicom.image;

/**
 * A coded concept: Code Value (or Long Code Value / URN Code Value), Coding Scheme Designator and
 * Code Meaning. A missing part is {@code null}.
 */
public record Code(String value, String scheme, String meaning) {

    /** {@code (value, scheme, "meaning")}, the notation of PS3.3 examples. */
    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
