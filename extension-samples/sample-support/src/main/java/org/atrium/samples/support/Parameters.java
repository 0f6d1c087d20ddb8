package org.atrium.samples.support;

import java.util.Map;

/** Typed reads of a run's parameters (JSON values: numbers may come as Integer, Long or Double). */
public final class Parameters {

    private final Map<String, Object> values;

    public Parameters(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    public double number(String name, double defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " is not a number: " + value);
        }
    }

    public int integer(String name, int defaultValue) {
        double value = number(name, defaultValue);
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException("parameter " + name + " is not an integer: " + value);
        }
        return (int) value;
    }

    public String text(String name, String defaultValue) {
        Object value = values.get(name);
        return value == null ? defaultValue : value.toString();
    }
}
