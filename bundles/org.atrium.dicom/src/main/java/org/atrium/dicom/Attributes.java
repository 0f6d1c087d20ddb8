package org.atrium.dicom;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A DICOM data set: tag → value. Values are read as strings (trimmed, empty means absent) or
 * converted numbers; the value representation of a tag comes from the data dictionary.
 */
@ProviderType
public interface Attributes {

    boolean contains(int tag);

    /** The first value, trimmed; {@code null} when the attribute is absent or empty. */
    String getString(int tag);

    /** All values of a multi-valued attribute, trimmed; empty when absent. */
    String[] getStrings(int tag);

    /** The first value as an integer; {@code null} when absent or not a number. */
    Integer getInt(int tag);

    /** The first value as a decimal number; {@code null} when absent or not a number. */
    Double getDouble(int tag);

    /** The items of a sequence attribute; empty when absent. */
    List<Attributes> getSequence(int tag);

    /**
     * Sets the values of an attribute (VR from the dictionary). No value makes a zero-length
     * attribute, which in a query identifier means "return this key".
     */
    Attributes setString(int tag, String... values);

    /**
     * Sets the values of a binary-number or numeric-string attribute (US, SS, UL, SL, IS, and AT
     * whose values are tags; VR from the dictionary, SS for negative values of US-or-SS tags).
     *
     * @since 1.1
     */
    Attributes setInt(int tag, int... values);

    /**
     * Sets the values of a decimal attribute (DS, FD, FL; VR from the dictionary).
     *
     * @since 1.1
     */
    Attributes setDouble(int tag, double... values);

    /**
     * Sets the value of a binary attribute such as Pixel Data or Encapsulated Document.
     *
     * @param vr {@code OB}, {@code UN}, or {@code OW} (then {@code value} holds little-endian words)
     * @since 1.1
     */
    Attributes setBytes(int tag, String vr, byte[] value);

    /**
     * The value of a binary attribute (OB, OW as little-endian bytes, UN), or {@code null} when
     * absent or not binary. Encapsulated (compressed) pixel data is not returned.
     *
     * @since 1.1
     */
    byte[] getBytes(int tag);

    /**
     * Appends an empty item to a sequence attribute (made when absent) and returns it, live: what
     * is set on the item is part of this data set.
     *
     * @since 1.1
     */
    Attributes addSequenceItem(int tag);

    Attributes remove(int tag);

    /** The value representation of an attribute present in this data set, e.g. {@code "PN"}. */
    String vr(int tag);

    /** Tags present at the top level, ascending. */
    int[] tags();

    /** A deep copy. */
    Attributes copy();
}
