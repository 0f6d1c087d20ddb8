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

    Attributes remove(int tag);

    /** The value representation of an attribute present in this data set, e.g. {@code "PN"}. */
    String vr(int tag);

    /** Tags present at the top level, ascending. */
    int[] tags();

    /** A deep copy. */
    Attributes copy();
}
