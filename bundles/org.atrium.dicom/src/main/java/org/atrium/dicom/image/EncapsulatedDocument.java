package org.atrium.dicom.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An encapsulated document (PDF, CDA, STL, ...): its MIME type and bytes exactly as they were
 * encapsulated, without the pad byte DICOM adds to odd lengths.
 *
 * @param mimeType MIME Type of Encapsulated Document, e.g. {@code application/pdf}
 * @param documentTitle or {@code null}
 * @param bytes the document; the array is not copied (it belongs to whoever read the document)
 */
public record EncapsulatedDocument(
        String sopClassUid, String sopInstanceUid, String mimeType, String documentTitle, byte[] bytes) {

    /** Records compare arrays by identity; this compares the bytes. */
    @Override
    public boolean equals(Object other) {
        return other instanceof EncapsulatedDocument that
                && Objects.equals(sopClassUid, that.sopClassUid)
                && Objects.equals(sopInstanceUid, that.sopInstanceUid)
                && Objects.equals(mimeType, that.mimeType)
                && Objects.equals(documentTitle, that.documentTitle)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sopClassUid, sopInstanceUid, mimeType, documentTitle, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "EncapsulatedDocument[" + mimeType + ", \"" + documentTitle + "\", " + bytes.length + " bytes, "
                + sopInstanceUid + "]";
    }
}
