package org.atrium.dicomweb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.atrium.dicom.Attributes;

/** A data set of VRs and string values, as a toolkit hands them out, for the JSON model's tests. */
final class FakeAttributes implements Attributes {

    private record Element(String vr, String[] values, List<Attributes> items) {}

    private final Map<Integer, Element> elements = new TreeMap<>(Integer::compareUnsigned);

    FakeAttributes with(int tag, String vr, String... values) {
        elements.put(tag, new Element(vr, values, List.of()));
        return this;
    }

    FakeAttributes withItems(int tag, Attributes... items) {
        elements.put(tag, new Element("SQ", new String[0], List.of(items)));
        return this;
    }

    @Override
    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    @Override
    public String getString(int tag) {
        String[] values = getStrings(tag);
        return values.length == 0 ? null : values[0];
    }

    @Override
    public String[] getStrings(int tag) {
        Element element = elements.get(tag);
        return element == null ? new String[0] : element.values().clone();
    }

    @Override
    public Integer getInt(int tag) {
        String value = getString(tag);
        return value == null ? null : Integer.valueOf(value);
    }

    @Override
    public Double getDouble(int tag) {
        String value = getString(tag);
        return value == null ? null : Double.valueOf(value);
    }

    @Override
    public List<Attributes> getSequence(int tag) {
        Element element = elements.get(tag);
        return element == null ? List.of() : element.items();
    }

    @Override
    public Attributes setString(int tag, String... values) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Attributes remove(int tag) {
        elements.remove(tag);
        return this;
    }

    @Override
    public String vr(int tag) {
        Element element = elements.get(tag);
        return element == null ? null : element.vr();
    }

    @Override
    public int[] tags() {
        List<Integer> tags = new ArrayList<>(elements.keySet());
        return tags.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Attributes copy() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Attributes setInt(int tag, int... values) {
        elements.put(
                tag,
                new Element(
                        "IS",
                        java.util.Arrays.stream(values)
                                .mapToObj(Integer::toString)
                                .toArray(String[]::new),
                        List.of()));
        return this;
    }

    @Override
    public Attributes setDouble(int tag, double... values) {
        elements.put(
                tag,
                new Element(
                        "DS",
                        java.util.Arrays.stream(values)
                                .mapToObj(Double::toString)
                                .toArray(String[]::new),
                        List.of()));
        return this;
    }

    @Override
    public Attributes setBytes(int tag, String vr, byte[] value) {
        throw new UnsupportedOperationException("the JSON model's tests carry no bulk data");
    }

    @Override
    public byte[] getBytes(int tag) {
        return null;
    }

    @Override
    public Attributes addSequenceItem(int tag) {
        FakeAttributes item = new FakeAttributes();
        Element current = elements.get(tag);
        List<Attributes> items = new ArrayList<>(current == null ? List.of() : current.items());
        items.add(item);
        elements.put(tag, new Element("SQ", new String[0], List.copyOf(items)));
        return item;
    }
}
