package org.atrium.dicomweb.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.web.Json;

/**
 * One data set in the DICOM JSON Model (PS3.18 Annex F): attributes keyed by their tag as eight
 * upper case hex digits, each with its {@code vr} and, unless empty, its {@code Value} array
 * (strings, numbers for IS, DS and the binary number VRs, {@code {"Alphabetic": ...}} objects
 * for PN, nested data sets for SQ) or a {@code BulkDataURI}. Attributes come out in tag order.
 */
final class DicomJson {

    /** VRs whose values are bulk data: left out of metadata (no inline binary). */
    static final Set<String> BULK_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "UN");

    private static final Set<String> INTEGER_VRS = Set.of("US", "SS", "UL", "SL", "UV", "SV");
    private static final Set<String> FLOAT_VRS = Set.of("FL", "FD");

    private final TreeMap<Integer, Map<String, Object>> elements = new TreeMap<>(Integer::compareUnsigned);

    /** Sets an attribute from its values as DICOM strings (no values: an empty attribute). */
    DicomJson put(int tag, String vr, String... values) {
        Map<String, Object> element = element(vr);
        if (values.length > 0 && !(values.length == 1 && values[0].isEmpty())) {
            List<Object> converted = new ArrayList<>(values.length);
            for (String value : values) {
                converted.add(value(vr, value));
            }
            element.put("Value", converted);
        }
        elements.put(tag, element);
        return this;
    }

    DicomJson putSequence(int tag, List<DicomJson> items) {
        Map<String, Object> element = element("SQ");
        if (!items.isEmpty()) {
            List<Object> values = new ArrayList<>(items.size());
            for (DicomJson item : items) {
                values.add(item.toMap());
            }
            element.put("Value", values);
        }
        elements.put(tag, element);
        return this;
    }

    DicomJson putBulkData(int tag, String vr, String uri) {
        Map<String, Object> element = element(vr);
        element.put("BulkDataURI", uri);
        elements.put(tag, element);
        return this;
    }

    boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    boolean isEmpty() {
        return elements.isEmpty();
    }

    /**
     * A data set's attributes: File Meta Information (group 0002), group lengths and bulk data
     * left out, sequences in full.
     */
    static DicomJson of(Attributes dataset) {
        DicomJson json = new DicomJson();
        for (int tag : dataset.tags()) {
            json.add(dataset, tag);
        }
        return json;
    }

    /** Copies one attribute of {@code dataset}, if present and not bulk data; false if it was not. */
    boolean add(Attributes dataset, int tag) {
        if (Tag.group(tag) == 0x0002 || Tag.element(tag) == 0 || !dataset.contains(tag)) {
            return false;
        }
        String vr = dataset.vr(tag);
        if (vr == null || BULK_VRS.contains(vr)) {
            return false;
        }
        if (vr.equals("SQ")) {
            List<DicomJson> items = new ArrayList<>();
            for (Attributes item : dataset.getSequence(tag)) {
                items.add(of(item));
            }
            putSequence(tag, items);
        } else {
            put(tag, vr, dataset.getStrings(tag));
        }
        return true;
    }

    /** The JSON object, as maps and lists for {@link Json}. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        elements.forEach((tag, element) -> map.put(key(tag), element));
        return map;
    }

    void write(Appendable out) throws IOException {
        Json.write(toMap(), out);
    }

    @Override
    public String toString() {
        return Json.write(toMap());
    }

    static String key(int tag) {
        return String.format(Locale.ROOT, "%08X", tag);
    }

    private static Map<String, Object> element(String vr) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("vr", vr);
        return element;
    }

    private static Object value(String vr, String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (vr.equals("PN")) {
            return personName(trimmed);
        }
        if (trimmed.isEmpty()) {
            return null;
        }
        try {
            if (vr.equals("IS") || INTEGER_VRS.contains(vr)) {
                BigInteger number = new BigInteger(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
                return number.bitLength() < 64 ? (Object) number.longValue() : number;
            }
            if (vr.equals("DS")) {
                return new BigDecimal(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
            }
            if (FLOAT_VRS.contains(vr)) {
                return Double.parseDouble(trimmed);
            }
        } catch (NumberFormatException e) {
            // A malformed number is kept as the text it is rather than lost.
            return trimmed;
        }
        if (vr.equals("AT")) {
            return attributeTag(trimmed);
        }
        return trimmed;
    }

    /** {@code Family^Given=Ideographic=Phonetic} as Annex F's object of component groups. */
    private static Map<String, Object> personName(String value) {
        Map<String, Object> name = new LinkedHashMap<>();
        String[] groups = value.split("=", -1);
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        for (int i = 0; i < Math.min(groups.length, names.length); i++) {
            if (!groups[i].isEmpty()) {
                name.put(names[i], groups[i]);
            }
        }
        return name;
    }

    /** An AT value in any of the toolkit's spellings, {@code (0x0010,0x0010)} or {@code 0010,0010}, as {@code 00100010}. */
    private static String attributeTag(String value) {
        String hex = value.replace("0x", "").replace("0X", "").replaceAll("[^0-9A-Fa-f]", "");
        return hex.length() == 8 ? hex.toUpperCase(Locale.ROOT) : value;
    }
}
