package org.atrium.dicom.internal.image;

import java.util.ArrayList;
import java.util.List;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.image.ContentItem;
import org.atrium.dicom.image.StructuredReport;

/** Builds the content tree of a Structured Report (PS3.3 C.17.3) from its data set. */
public final class StructuredReports {

    /** SR storage SOP classes, Key Object Selection among them (PS3.4 B.5). */
    private static final String SR_CLASS_ROOT = "1.2.840.10008.5.1.4.1.1.88.";

    /** Content trees deeper than this are cut off: SR allows cycles only by reference, but files lie. */
    private static final int MAX_DEPTH = 64;

    private StructuredReports() {}

    public static boolean isStructuredReport(Attributes dataset) {
        String sopClass = dataset.getString(Tag.SOPClassUID);
        return sopClass != null
                && sopClass.startsWith(SR_CLASS_ROOT)
                && "CONTAINER".equals(dataset.getString(ImageTags.ValueType));
    }

    public static StructuredReport read(Attributes dataset, String where) {
        if (!isStructuredReport(dataset)) {
            throw new IllegalArgumentException("not a Structured Report: " + where + " (SOP class "
                    + dataset.getString(Tag.SOPClassUID) + ", root value type "
                    + dataset.getString(ImageTags.ValueType) + ")");
        }
        ContentItem root = item(dataset, 0);
        return new StructuredReport(
                dataset.getString(Tag.SOPClassUID),
                dataset.getString(Tag.SOPInstanceUID),
                root.conceptName() == null ? null : root.conceptName().meaning(),
                dataset.getString(ImageTags.CompletionFlag),
                dataset.getString(ImageTags.VerificationFlag),
                root);
    }

    private static ContentItem item(Attributes item, int depth) {
        String relationship = item.getString(ImageTags.RelationshipType);
        String valueType = item.getString(ImageTags.ValueType);
        Code conceptName =
                Segmentations.code(ImageAttributes.first(item.getSequence(ImageTags.ConceptNameCodeSequence)));
        List<ContentItem> children = new ArrayList<>();
        if (depth < MAX_DEPTH) {
            for (Attributes child : item.getSequence(ImageTags.ContentSequence)) {
                children.add(item(child, depth + 1));
            }
        }
        String[] reference = item.getStrings(ImageTags.ReferencedContentItemIdentifier);
        if (valueType == null && reference.length > 0) {
            return new ContentItem(
                    relationship, null, conceptName, String.join(".", reference), null, null, null, null, children);
        }
        String type = valueType == null ? "" : valueType;
        Code valueCode = null;
        Double number = null;
        Code unit = null;
        String referencedSop = null;
        String text;
        switch (type) {
            case "TEXT" -> text = orEmpty(item.getString(ImageTags.TextValue));
            case "CODE" -> {
                valueCode = Segmentations.code(ImageAttributes.first(item.getSequence(ImageTags.ConceptCodeSequence)));
                text = valueCode == null ? "" : orEmpty(valueCode.meaning());
            }
            case "NUM" -> {
                Attributes measured = ImageAttributes.first(item.getSequence(ImageTags.MeasuredValueSequence));
                if (measured == null) {
                    Code qualifier = Segmentations.code(
                            ImageAttributes.first(item.getSequence(ImageTags.NumericValueQualifierCodeSequence)));
                    text = qualifier == null ? "" : orEmpty(qualifier.meaning());
                } else {
                    String numeric = orEmpty(measured.getString(ImageTags.NumericValue));
                    number = measured.getDouble(ImageTags.NumericValue);
                    unit = Segmentations.code(
                            ImageAttributes.first(measured.getSequence(ImageTags.MeasurementUnitsCodeSequence)));
                    String symbol = unitSymbol(unit);
                    text = symbol.isEmpty() ? numeric : numeric + " " + symbol;
                }
            }
            case "DATE" -> text = date(item.getString(ImageTags.Date));
            case "TIME" -> text = time(item.getString(ImageTags.Time));
            case "DATETIME" -> text = dateTime(item.getString(ImageTags.DateTime));
            case "PNAME" -> text = personName(item.getString(ImageTags.PersonName));
            case "UIDREF" -> text = orEmpty(item.getString(ImageTags.UID));
            case "IMAGE", "COMPOSITE", "WAVEFORM" -> {
                Attributes sop = ImageAttributes.first(item.getSequence(ImageTags.ReferencedSOPSequence));
                referencedSop = sop == null ? null : sop.getString(ImageTags.ReferencedSOPInstanceUID);
                text = orEmpty(referencedSop);
            }
            case "SCOORD", "SCOORD3D" -> {
                int coordinates = item.getStrings(ImageTags.GraphicData).length;
                int points = coordinates / ("SCOORD3D".equals(type) ? 3 : 2);
                text = orEmpty(item.getString(ImageTags.GraphicType)) + " (" + points
                        + (points == 1 ? " point)" : " points)");
            }
            case "TCOORD" -> text = orEmpty(item.getString(ImageTags.TemporalRangeType));
            default -> text = "";
        }
        return new ContentItem(
                relationship, valueType, conceptName, text, valueCode, number, unit, referencedSop, children);
    }

    /**
     * How a unit reads after a number: UCUM codes are symbols ("mm", "cm2"); "1" (no units) reads
     * as nothing; other schemes by their meaning.
     */
    static String unitSymbol(Code unit) {
        if (unit == null) {
            return "";
        }
        if ("UCUM".equalsIgnoreCase(unit.scheme()) && unit.value() != null) {
            return "1".equals(unit.value()) ? "" : unit.value();
        }
        return unit.meaning() != null ? unit.meaning() : orEmpty(unit.value());
    }

    /** YYYYMMDD as YYYY-MM-DD; anything else as it is. */
    static String date(String value) {
        if (value == null) {
            return "";
        }
        if (value.length() == 8 && value.chars().allMatch(Character::isDigit)) {
            return value.substring(0, 4) + "-" + value.substring(4, 6) + "-" + value.substring(6);
        }
        return value;
    }

    /** HHMMSS.FFFFFF (parts optional) as HH:MM:SS.FFFFFF; anything else as it is. */
    static String time(String value) {
        if (value == null) {
            return "";
        }
        String whole = value.contains(".") ? value.substring(0, value.indexOf('.')) : value;
        String fraction = value.contains(".") ? value.substring(value.indexOf('.')) : "";
        if (whole.contains(":") || whole.length() % 2 != 0 || !whole.chars().allMatch(Character::isDigit)) {
            return value;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < whole.length(); i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(whole, i, i + 2);
        }
        return text + fraction;
    }

    /** YYYYMMDDHHMMSS.FFFFFF&ZZXX as YYYY-MM-DDTHH:MM:SS.FFFFFF±ZZXX; anything else as it is. */
    static String dateTime(String value) {
        if (value == null) {
            return "";
        }
        int zoneAt = Math.max(value.indexOf('+'), value.indexOf('-'));
        String zone = zoneAt > 0 ? value.substring(zoneAt) : "";
        String local = zoneAt > 0 ? value.substring(0, zoneAt) : value;
        if (local.length() < 8 || !local.substring(0, 8).chars().allMatch(Character::isDigit)) {
            return value;
        }
        String text = date(local.substring(0, 8));
        if (local.length() > 8) {
            text += "T" + time(local.substring(8));
        }
        return text + zone;
    }

    /** Family^Given^Middle^Prefix^Suffix (first component group) as "Family, Given Middle". */
    static String personName(String value) {
        if (value == null) {
            return "";
        }
        String alphabetic = value.split("=", -1)[0];
        String[] parts = alphabetic.split("\\^", -1);
        StringBuilder given = new StringBuilder();
        for (int i = 1; i < Math.min(parts.length, 3); i++) {
            if (!parts[i].isBlank()) {
                given.append(given.length() == 0 ? "" : " ").append(parts[i].trim());
            }
        }
        String family = parts[0].trim();
        if (given.length() == 0) {
            return family;
        }
        return family.isEmpty() ? given.toString() : family + ", " + given;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
