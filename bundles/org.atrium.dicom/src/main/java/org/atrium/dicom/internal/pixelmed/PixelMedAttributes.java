package org.atrium.dicom.internal.pixelmed;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.StringAttributeAffectedBySpecificCharacterSet;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;

/**
 * {@link Attributes} over a PixelMed {@link AttributeList}. Items of sequences are live views of
 * the items inside their parent, so changing an item changes the data set it belongs to.
 *
 * <p>String values are held decoded (Java strings); Specific Character Set (0008,0005) only
 * decides how they are encoded on writing. When a value is set that the data set's character set
 * cannot encode, the whole data set switches to UTF-8 ({@code ISO_IR 192}).
 *
 * <p>Not thread-safe, like any data set object.
 */
public final class PixelMedAttributes implements Attributes {

    static final String UTF_8_TERM = "ISO_IR 192";
    private static final int MAX_LO_LENGTH = 64;

    private final AttributeList list;
    /** The data set at the top of the tree, whose Specific Character Set applies to this one. */
    private final PixelMedAttributes root;
    /** The transfer syntax the data set was read in; {@code null} when made in memory. */
    private String sourceTransferSyntax;

    public PixelMedAttributes() {
        this(new AttributeList(), null, null);
    }

    PixelMedAttributes(AttributeList list, String sourceTransferSyntax) {
        this(list, null, sourceTransferSyntax);
    }

    private PixelMedAttributes(AttributeList list, PixelMedAttributes root, String sourceTransferSyntax) {
        this.list = Objects.requireNonNull(list, "list");
        this.root = root == null ? this : root;
        this.sourceTransferSyntax = sourceTransferSyntax;
    }

    /** The PixelMed list behind this data set (shared, not copied). */
    public AttributeList attributeList() {
        return list;
    }

    /** The transfer syntax this data set was decoded from, or {@code null}. */
    public String sourceTransferSyntax() {
        return sourceTransferSyntax;
    }

    void setSourceTransferSyntax(String transferSyntaxUid) {
        this.sourceTransferSyntax = transferSyntaxUid;
    }

    /**
     * This data set when it already is one of ours, otherwise a copy made through the {@link
     * Attributes} interface (string values, sequences, value representations).
     */
    public static PixelMedAttributes of(Attributes attributes) {
        Objects.requireNonNull(attributes, "attributes");
        if (attributes instanceof PixelMedAttributes pixelMed) {
            return pixelMed;
        }
        PixelMedAttributes copy = new PixelMedAttributes();
        copyInto(attributes, copy);
        return copy;
    }

    private static void copyInto(Attributes from, PixelMedAttributes to) {
        for (int tag : from.tags()) {
            String vr = from.vr(tag);
            if ("SQ".equals(vr)) {
                SequenceAttribute sequence = new SequenceAttribute(tagOf(tag));
                to.list.put(sequence);
                for (Attributes item : from.getSequence(tag)) {
                    PixelMedAttributes itemCopy = new PixelMedAttributes(new AttributeList(), to.root, null);
                    copyInto(item, itemCopy);
                    sequence.addItem(itemCopy.list);
                }
            } else if (vr != null && "OB OW UN".contains(vr) && from.getBytes(tag) != null) {
                to.setBytes(tag, vr, from.getBytes(tag));
            } else {
                to.put(tag, vr == null ? null : vr.getBytes(StandardCharsets.US_ASCII), from.getStrings(tag));
            }
        }
    }

    static AttributeTag tagOf(int tag) {
        return new AttributeTag(Tag.group(tag), Tag.element(tag));
    }

    static int intOf(AttributeTag tag) {
        return (tag.getGroup() << 16) | (tag.getElement() & 0xFFFF);
    }

    @Override
    public boolean contains(int tag) {
        return list.containsKey(tagOf(tag));
    }

    @Override
    public String getString(int tag) {
        String[] values = values(list.get(tagOf(tag)));
        if (values.length == 0 || values[0].isEmpty()) {
            return null;
        }
        return values[0];
    }

    @Override
    public String[] getStrings(int tag) {
        return values(list.get(tagOf(tag)));
    }

    @Override
    public Integer getInt(int tag) {
        Attribute attribute = list.get(tagOf(tag));
        if (attribute == null || attribute.getVM() == 0) {
            return null;
        }
        byte[] vr = attribute.getVR();
        try {
            if (isBinaryInteger(vr)) {
                long value = attribute.getLongValues()[0];
                return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? null : (int) value;
            }
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            return null;
        }
        String first = getString(tag);
        if (first == null) {
            return null;
        }
        try {
            return Integer.valueOf(first.startsWith("+") ? first.substring(1) : first);
        } catch (NumberFormatException notAnInteger) {
            try {
                return new BigDecimal(first).intValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
        }
    }

    @Override
    public Double getDouble(int tag) {
        Attribute attribute = list.get(tagOf(tag));
        if (attribute == null || attribute.getVM() == 0) {
            return null;
        }
        byte[] vr = attribute.getVR();
        try {
            if (ValueRepresentation.isFloatDoubleVR(vr) || ValueRepresentation.isFloatSingleVR(vr)) {
                return attribute.getDoubleValues()[0];
            }
            if (isBinaryInteger(vr)) {
                return (double) attribute.getLongValues()[0];
            }
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            return null;
        }
        String first = getString(tag);
        if (first == null) {
            return null;
        }
        try {
            return Double.valueOf(first);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public List<Attributes> getSequence(int tag) {
        Attribute attribute = list.get(tagOf(tag));
        if (!(attribute instanceof SequenceAttribute sequence)) {
            return List.of();
        }
        List<Attributes> items = new ArrayList<>(sequence.getNumberOfItems());
        for (int i = 0; i < sequence.getNumberOfItems(); i++) {
            SequenceItem item = sequence.getItem(i);
            AttributeList itemList = item.getAttributeList();
            if (itemList == null) {
                itemList = new AttributeList();
            }
            items.add(new PixelMedAttributes(itemList, root, null));
        }
        return List.copyOf(items);
    }

    @Override
    public Attributes addSequenceItem(int tag) {
        AttributeTag attributeTag = tagOf(tag);
        Attribute existing = list.get(attributeTag);
        SequenceAttribute sequence;
        if (existing instanceof SequenceAttribute found) {
            sequence = found;
        } else {
            sequence = new SequenceAttribute(attributeTag);
            list.put(sequence);
        }
        AttributeList item = new AttributeList();
        sequence.addItem(item);
        return new PixelMedAttributes(item, root, null);
    }

    @Override
    public Attributes setInt(int tag, int... values) {
        int[] numbers = values == null ? new int[0] : values;
        AttributeTag attributeTag = tagOf(tag);
        byte[] vr = dictionaryVr(attributeTag);
        if (vr == null) {
            throw new IllegalArgumentException(Tag.toString(tag) + " is not in the dictionary: its VR is unknown");
        }
        if (ValueRepresentation.isUnspecifiedShortVR(vr)) {
            vr = Arrays.stream(numbers).anyMatch(n -> n < 0) ? ValueRepresentation.SS : ValueRepresentation.US;
        }
        try {
            Attribute attribute = AttributeFactory.newAttribute(attributeTag, vr);
            boolean tagValued = ValueRepresentation.isAttributeTagVR(vr);
            for (int number : numbers) {
                if (tagValued) {
                    ((com.pixelmed.dicom.AttributeTagAttribute) attribute).addValue(tagOf(number));
                } else {
                    attribute.addValue(number);
                }
            }
            list.put(attribute);
            return this;
        } catch (com.pixelmed.dicom.DicomException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "cannot set " + Tag.toString(tag) + " (" + ValueRepresentation.getAsString(vr) + ") to "
                            + Arrays.toString(numbers) + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Attributes setDouble(int tag, double... values) {
        double[] numbers = values == null ? new double[0] : values;
        AttributeTag attributeTag = tagOf(tag);
        byte[] vr = dictionaryVr(attributeTag);
        if (vr == null) {
            throw new IllegalArgumentException(Tag.toString(tag) + " is not in the dictionary: its VR is unknown");
        }
        try {
            Attribute attribute = AttributeFactory.newAttribute(attributeTag, vr);
            for (double number : numbers) {
                if (!Double.isFinite(number)) {
                    throw new IllegalArgumentException(Tag.toString(tag) + " cannot hold " + number);
                }
                if (ValueRepresentation.isDecimalStringVR(vr)) {
                    attribute.addValue(decimalString(number));
                } else {
                    attribute.addValue(number);
                }
            }
            list.put(attribute);
            return this;
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalArgumentException(
                    "cannot set " + Tag.toString(tag) + " (" + ValueRepresentation.getAsString(vr) + ") to "
                            + Arrays.toString(numbers) + ": " + e.getMessage(),
                    e);
        }
    }

    /** A DS value: at most 16 characters, as precise as that allows. */
    static String decimalString(double number) {
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString((long) number);
        }
        String plain = BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        if (plain.length() <= 16) {
            return plain;
        }
        for (int digits = 15; digits > 0; digits--) {
            String candidate = new BigDecimal(number)
                    .round(new java.math.MathContext(digits))
                    .stripTrailingZeros()
                    .toString();
            if (candidate.length() <= 16) {
                return candidate;
            }
        }
        return "0";
    }

    @Override
    public Attributes setBytes(int tag, String vr, byte[] value) {
        Objects.requireNonNull(vr, "vr");
        byte[] bytes = value == null ? new byte[0] : value;
        AttributeTag attributeTag = tagOf(tag);
        try {
            Attribute attribute;
            switch (vr) {
                case "OB" -> {
                    attribute = new com.pixelmed.dicom.OtherByteAttribute(attributeTag);
                    attribute.setValues(padWithZero(bytes));
                }
                case "UN" -> {
                    attribute = new com.pixelmed.dicom.UnknownAttribute(attributeTag);
                    attribute.setValues(padWithZero(bytes));
                }
                case "OW" -> {
                    if (bytes.length % 2 != 0) {
                        throw new IllegalArgumentException("OW needs an even number of bytes, not " + bytes.length);
                    }
                    short[] words = new short[bytes.length / 2];
                    java.nio.ByteBuffer.wrap(bytes)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .asShortBuffer()
                            .get(words);
                    attribute = new com.pixelmed.dicom.OtherWordAttribute(attributeTag);
                    attribute.setValues(words);
                }
                default -> throw new IllegalArgumentException("binary values need VR OB, OW or UN, not " + vr);
            }
            list.put(attribute);
            return this;
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalArgumentException("cannot set " + Tag.toString(tag) + ": " + e.getMessage(), e);
        }
    }

    private static byte[] padWithZero(byte[] bytes) {
        return bytes.length % 2 == 0 ? bytes : Arrays.copyOf(bytes, bytes.length + 1);
    }

    @Override
    public byte[] getBytes(int tag) {
        Attribute attribute = list.get(tagOf(tag));
        if (attribute == null
                || attribute instanceof SequenceAttribute
                || attribute instanceof com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames
                || attribute.getVL() == 0xFFFFFFFFL) {
            return null;
        }
        byte[] vr = attribute.getVR();
        if (!isBulk(vr) && !ValueRepresentation.isUnknownVR(vr)) {
            return null;
        }
        try {
            if (ValueRepresentation.isOtherWordVR(vr)) {
                short[] words = attribute.getShortValues();
                java.nio.ByteBuffer buffer =
                        java.nio.ByteBuffer.allocate(words.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                buffer.asShortBuffer().put(words);
                return buffer.array();
            }
            byte[] bytes = attribute.getByteValues();
            return bytes == null ? new byte[0] : bytes.clone();
        } catch (com.pixelmed.dicom.DicomException e) {
            return null;
        }
    }

    @Override
    public Attributes setString(int tag, String... values) {
        AttributeTag attributeTag = tagOf(tag);
        Attribute existing = list.get(attributeTag);
        put(tag, existing == null ? null : existing.getVR(), values);
        return this;
    }

    /** Puts an attribute with the given VR, or the VR chosen for the tag when {@code vr} is null or UN. */
    private void put(int tag, byte[] requestedVr, String[] values) {
        String[] strings = values == null ? new String[0] : values;
        AttributeTag attributeTag = tagOf(tag);
        byte[] vr = chooseVr(attributeTag, requestedVr, strings);
        try {
            if (ValueRepresentation.isSequenceVR(vr)) {
                if (strings.length > 0) {
                    throw new IllegalArgumentException(Tag.toString(tag) + " is a sequence; it has no string values");
                }
                list.put(new SequenceAttribute(attributeTag));
                return;
            }
            if (ValueRepresentation.isUnknownVR(vr)) {
                Attribute unknown = AttributeFactory.newAttribute(attributeTag, vr);
                if (strings.length > 0) {
                    unknown.setValues(
                            padToEven(String.join("\\", nonNull(strings)).getBytes(StandardCharsets.ISO_8859_1)));
                }
                list.put(unknown);
                return;
            }
            if (strings.length > 0 && isBulk(vr)) {
                throw new IllegalArgumentException(Tag.toString(tag) + " has binary VR "
                        + ValueRepresentation.getAsString(vr) + "; it cannot be set from strings");
            }
            SpecificCharacterSet characterSet = null;
            if (ValueRepresentation.isAffectedBySpecificCharacterSet(vr)) {
                characterSet = root.characterSetFor(strings);
            }
            Attribute attribute = AttributeFactory.newAttribute(attributeTag, vr, characterSet);
            for (String value : strings) {
                attribute.addValue(value == null ? "" : value);
            }
            list.put(attribute);
            if (tag == Tag.SpecificCharacterSet) {
                // The declared character set changed: every string value must now be encoded in it.
                applyCharacterSet(strings.length == 0 ? null : new SpecificCharacterSet(nonNull(strings)));
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalArgumentException(
                    "cannot set " + Tag.toString(tag) + " (" + ValueRepresentation.getAsString(vr) + ") to "
                            + Arrays.toString(strings) + ": " + e.getMessage(),
                    e);
        }
    }

    private void applyCharacterSet(SpecificCharacterSet characterSet) {
        SpecificCharacterSet effective =
                characterSet == null ? new SpecificCharacterSet(new String[] {""}) : characterSet;
        recodeInPlace(list, effective);
    }

    /**
     * The character set new string values are encoded in: the declared one when it can encode
     * them, else UTF-8, to which the whole data set then switches.
     */
    private SpecificCharacterSet characterSetFor(String[] values) {
        SpecificCharacterSet declared = new SpecificCharacterSet(list);
        boolean encodable = true;
        for (String value : values) {
            if (value != null && !isAscii(value) && !roundTrips(declared, value)) {
                encodable = false;
                break;
            }
        }
        if (encodable) {
            return declared;
        }
        SpecificCharacterSet utf8 = new SpecificCharacterSet(new String[] {UTF_8_TERM});
        try {
            Attribute term = AttributeFactory.newAttribute(tagOf(Tag.SpecificCharacterSet), ValueRepresentation.CS);
            term.addValue(UTF_8_TERM);
            list.put(term);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException("cannot declare UTF-8", e);
        }
        recodeInPlace(list, utf8);
        return utf8;
    }

    private static boolean roundTrips(SpecificCharacterSet characterSet, String value) {
        try {
            byte[] bytes = characterSet.translateStringToByteArray(value);
            return value.equals(characterSet.translateByteArrayToString(bytes, 0, bytes.length));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static byte[] chooseVr(AttributeTag tag, byte[] requested, String[] values) {
        if (requested != null && !ValueRepresentation.isUnknownVR(requested) && !isAmbiguous(requested)) {
            return requested;
        }
        byte[] fromDictionary = dictionaryVr(tag);
        if (fromDictionary != null) {
            if (ValueRepresentation.isUnspecifiedShortVR(fromDictionary)) {
                boolean negative = Arrays.stream(values)
                        .anyMatch(v -> v != null && v.trim().startsWith("-"));
                return negative ? ValueRepresentation.SS : ValueRepresentation.US;
            }
            if (ValueRepresentation.isOtherUnspecifiedVR(fromDictionary)
                    || ValueRepresentation.isUnspecifiedShortOrOtherWordVR(fromDictionary)) {
                return ValueRepresentation.OW;
            }
            return fromDictionary;
        }
        if (tag.isGroupLength()) {
            return ValueRepresentation.UL;
        }
        if (tag.isPrivateCreator()) {
            return ValueRepresentation.LO;
        }
        if (requested != null && ValueRepresentation.isUnknownVR(requested)) {
            return requested;
        }
        // A private or unknown data element set from strings: text of the longest kind that fits.
        boolean fitsLo = Arrays.stream(values).allMatch(v -> v == null || v.length() <= MAX_LO_LENGTH);
        if (fitsLo) {
            return ValueRepresentation.LO;
        }
        return values.length == 1 ? ValueRepresentation.UT : ValueRepresentation.UN;
    }

    static byte[] dictionaryVr(AttributeTag tag) {
        DicomDictionary dictionary = DicomDictionary.StandardDictionary;
        byte[] vr = dictionary.getValueRepresentationFromTag(tag);
        if (vr == null && tag.isRepeatingGroup()) {
            vr = dictionary.getValueRepresentationFromTag(tag.getTagWithRepeatingGroupBase());
        }
        return vr;
    }

    private static boolean isAmbiguous(byte[] vr) {
        return ValueRepresentation.isUnspecifiedShortVR(vr)
                || ValueRepresentation.isOtherUnspecifiedVR(vr)
                || ValueRepresentation.isUnspecifiedShortOrOtherWordVR(vr);
    }

    private static boolean isBinaryInteger(byte[] vr) {
        return ValueRepresentation.isUnsignedShortVR(vr)
                || ValueRepresentation.isSignedShortVR(vr)
                || ValueRepresentation.isUnsignedLongVR(vr)
                || ValueRepresentation.isSignedLongVR(vr)
                || ValueRepresentation.isUnsignedVeryLongVR(vr)
                || ValueRepresentation.isSignedVeryLongVR(vr);
    }

    private static boolean isBulk(byte[] vr) {
        return ValueRepresentation.isOtherByteOrWordVR(vr)
                || ValueRepresentation.isOtherByteVR(vr)
                || ValueRepresentation.isOtherWordVR(vr)
                || ValueRepresentation.isOtherFloatVR(vr)
                || ValueRepresentation.isOtherDoubleVR(vr)
                || ValueRepresentation.isOtherLongVR(vr)
                || ValueRepresentation.isOtherVeryLongVR(vr)
                || ValueRepresentation.isOtherUnspecifiedVR(vr);
    }

    private static String[] nonNull(String[] values) {
        String[] copy = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i] == null ? "" : values[i];
        }
        return copy;
    }

    private static byte[] padToEven(byte[] bytes) {
        if (bytes.length % 2 == 0) {
            return bytes;
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = ' ';
        return padded;
    }

    /** Trimmed values; bulk data and sequences have none. */
    /** The shortest text that reads back as the same double, without an exponent in the usual ranges. */
    private static String exact(double value) {
        String text = Double.toString(value);
        if (text.indexOf('E') >= 0 && Math.abs(value) >= 1 && Math.abs(value) < 1e15) {
            return java.math.BigDecimal.valueOf(value).toPlainString();
        }
        return text;
    }

    private static String[] values(Attribute attribute) {
        if (attribute == null || attribute instanceof SequenceAttribute || attribute.getVL() == 0) {
            return new String[0];
        }
        byte[] vr = attribute.getVR();
        try {
            String[] raw;
            if (ValueRepresentation.isUnknownVR(vr)) {
                // Typically a private text element read in implicit VR: its bytes, as Latin-1 text.
                byte[] bytes = attribute.getByteValues();
                if (bytes == null) {
                    return new String[0];
                }
                raw = new String(bytes, StandardCharsets.ISO_8859_1)
                        .replace('\0', ' ')
                        .split("\\\\", -1);
            } else if (isBulk(vr)) {
                return new String[0];
            } else if (ValueRepresentation.isFloatDoubleVR(vr) || ValueRepresentation.isFloatSingleVR(vr)) {
                // PixelMed formats floats to a few digits; the value itself goes out here.
                double[] numbers = attribute.getDoubleValues();
                raw = new String[numbers == null ? 0 : numbers.length];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = exact(numbers[i]);
                }
            } else {
                raw = attribute.getStringValues();
            }
            if (raw == null) {
                return new String[0];
            }
            String[] trimmed = new String[raw.length];
            for (int i = 0; i < raw.length; i++) {
                trimmed[i] = raw[i] == null ? "" : raw[i].trim();
            }
            return trimmed;
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            return new String[0];
        }
    }

    @Override
    public Attributes remove(int tag) {
        list.remove(tagOf(tag));
        return this;
    }

    @Override
    public String vr(int tag) {
        Attribute attribute = list.get(tagOf(tag));
        return attribute == null ? null : attribute.getVRAsString();
    }

    @Override
    public int[] tags() {
        // AttributeList is sorted by group then element, unsigned: the order of a data set.
        return list.keySet().stream().mapToInt(PixelMedAttributes::intOf).toArray();
    }

    @Override
    public Attributes copy() {
        return new PixelMedAttributes(deepCopy(list), null, sourceTransferSyntax);
    }

    /**
     * A deep copy by encoding in Explicit VR Little Endian and decoding again; encapsulated pixel
     * data (never changed in place here) is shared rather than re-parsed.
     */
    static AttributeList deepCopy(AttributeList original) {
        AttributeList source = encodable(original) ? original : reencodedInUtf8(original);
        AttributeList withoutCompressedPixels = new AttributeList();
        List<Attribute> shared = new ArrayList<>();
        for (Attribute attribute : source.values()) {
            if (attribute instanceof com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames
                    || attribute.getClass().getSimpleName().contains("OnDisk")) {
                shared.add(attribute);
            } else {
                withoutCompressedPixels.put(attribute);
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DicomOutputStream out = new DicomOutputStream(bytes, null, TransferSyntax.ExplicitVRLittleEndian);
            withoutCompressedPixels.write(out, false);
            out.flush();
            AttributeList copy = new AttributeList();
            copy.setDecompressPixelData(false);
            DicomInputStream in = new DicomInputStream(
                    new ByteArrayInputStream(bytes.toByteArray()), TransferSyntax.ExplicitVRLittleEndian, false);
            copy.read(in);
            for (Attribute attribute : shared) {
                copy.put(attribute);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException("cannot copy data set: " + e.getMessage(), e);
        }
    }

    /**
     * Whether every string value can be written in the character set it carries. PixelMed
     * decodes more character sets than it encodes (ISO 2022 JIS X 0208, for one).
     */
    static boolean encodable(AttributeList list) {
        return encodable(list, null);
    }

    private static boolean encodable(AttributeList list, SpecificCharacterSet inherited) {
        SpecificCharacterSet declared =
                list.containsKey(tagOf(Tag.SpecificCharacterSet)) ? new SpecificCharacterSet(list) : inherited;
        for (Attribute attribute : list.values()) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    AttributeList item = sequence.getItem(i).getAttributeList();
                    if (item != null && !encodable(item, declared)) {
                        return false;
                    }
                }
            } else if (isText(attribute)) {
                // Text attributes (LT, ST, UT) do not tell their character set; they were read in the declared one.
                SpecificCharacterSet characterSet =
                        attribute instanceof StringAttributeAffectedBySpecificCharacterSet string
                                ? string.getSpecificCharacterSet()
                                : declared;
                for (String value : values(attribute)) {
                    if (!isAscii(value) && (characterSet == null || !roundTrips(characterSet, value))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean isText(Attribute attribute) {
        return !(attribute instanceof SequenceAttribute)
                && ValueRepresentation.isAffectedBySpecificCharacterSet(attribute.getVR());
    }

    /** Re-creates every text attribute, items included, to be encoded in {@code characterSet}. */
    private static void recodeInPlace(AttributeList list, SpecificCharacterSet characterSet) {
        try {
            for (Attribute attribute : new ArrayList<>(list.values())) {
                if (attribute instanceof SequenceAttribute sequence) {
                    for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                        AttributeList item = sequence.getItem(i).getAttributeList();
                        if (item != null) {
                            recodeInPlace(item, characterSet);
                        }
                    }
                } else if (isText(attribute)) {
                    list.put(recreated(attribute, characterSet));
                }
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException("cannot re-encode text: " + e.getMessage(), e);
        }
    }

    private static Attribute recreated(Attribute attribute, SpecificCharacterSet characterSet)
            throws com.pixelmed.dicom.DicomException {
        Attribute text = AttributeFactory.newAttribute(attribute.getTag(), attribute.getVR(), characterSet);
        String[] values = attribute.getVL() == 0 ? null : attribute.getStringValues();
        for (String value : values == null ? new String[0] : values) {
            text.addValue(value);
        }
        return text;
    }

    /** A copy whose text is re-encoded in UTF-8, declared so; other attributes are shared. */
    static AttributeList reencodedInUtf8(AttributeList source) {
        SpecificCharacterSet utf8 = new SpecificCharacterSet(new String[] {UTF_8_TERM});
        AttributeList copy = reencoded(source, utf8);
        try {
            Attribute term = AttributeFactory.newAttribute(tagOf(Tag.SpecificCharacterSet), ValueRepresentation.CS);
            term.addValue(UTF_8_TERM);
            copy.put(term);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException("cannot declare UTF-8", e);
        }
        return copy;
    }

    private static AttributeList reencoded(AttributeList source, SpecificCharacterSet characterSet) {
        AttributeList copy = new AttributeList();
        try {
            for (Attribute attribute : source.values()) {
                if (attribute instanceof SequenceAttribute sequence) {
                    SequenceAttribute sequenceCopy = new SequenceAttribute(attribute.getTag());
                    for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                        AttributeList item = sequence.getItem(i).getAttributeList();
                        sequenceCopy.addItem(reencoded(item == null ? new AttributeList() : item, characterSet));
                    }
                    copy.put(sequenceCopy);
                } else if (isText(attribute)) {
                    copy.put(recreated(attribute, characterSet));
                } else if (attribute.getTag().equals(tagOf(Tag.SpecificCharacterSet))) {
                    continue;
                } else {
                    copy.put(attribute);
                }
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException("cannot re-encode text in UTF-8: " + e.getMessage(), e);
        }
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PixelMedAttributes that && list.equals(that.list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString(DicomDictionary.StandardDictionary);
    }
}
