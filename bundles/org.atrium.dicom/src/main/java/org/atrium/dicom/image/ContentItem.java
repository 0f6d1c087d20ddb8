package org.atrium.dicom.image;

import java.util.List;

/**
 * A node of a Structured Report's content tree.
 *
 * @param relationshipType e.g. CONTAINS, HAS OBS CONTEXT; {@code null} at the root
 * @param valueType e.g. CONTAINER, TEXT, CODE, NUM; {@code null} for a by-reference relationship
 * @param conceptName the Concept Name, or {@code null}
 * @param text the value for display: TEXT as it is; CODE the meaning; NUM the number and its unit
 *     (the UCUM symbol, else the unit's meaning); DATE, TIME, DATETIME in ISO 8601 form; PNAME as
 *     "Family, Given Middle"; UIDREF the UID; IMAGE, COMPOSITE, WAVEFORM the referenced SOP
 *     Instance UID; SCOORD/SCOORD3D the graphic type and its number of points; a by-reference
 *     relationship the referenced item's position ("1.2.3"); CONTAINER empty
 * @param valueCode the value of a CODE item, or {@code null}
 * @param number the value of a NUM item, or {@code null}
 * @param unit the measurement unit of a NUM item, or {@code null}
 * @param referencedSopInstanceUid of IMAGE, COMPOSITE and WAVEFORM items, or {@code null}
 * @param children the Content Sequence, in order
 */
public record ContentItem(
        String relationshipType,
        String valueType,
        Code conceptName,
        String text,
        Code valueCode,
        Double number,
        Code unit,
        String referencedSopInstanceUid,
        List<ContentItem> children) {

    public ContentItem {
        children = List.copyOf(children);
    }

    /** The concept name's meaning, or {@code ""}. */
    public String conceptMeaning() {
        return conceptName == null || conceptName.meaning() == null ? "" : conceptName.meaning();
    }
}
