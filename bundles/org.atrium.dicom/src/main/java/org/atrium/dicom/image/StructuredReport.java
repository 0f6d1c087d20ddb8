package org.atrium.dicom.image;

/**
 * A Structured Report document: its root CONTAINER (whose concept name is the document title)
 * and flags.
 *
 * @param documentTitle the root's concept meaning, or {@code null}
 * @param completionFlag PARTIAL or COMPLETE, or {@code null}
 * @param verificationFlag UNVERIFIED or VERIFIED, or {@code null}
 */
public record StructuredReport(
        String sopClassUid,
        String sopInstanceUid,
        String documentTitle,
        String completionFlag,
        String verificationFlag,
        ContentItem root) {}
