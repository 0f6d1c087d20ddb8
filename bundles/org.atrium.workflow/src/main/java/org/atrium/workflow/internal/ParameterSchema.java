package org.atrium.workflow.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.web.JsonReader;

/**
 * Checks parameters against an algorithm's JSON Schema, for the subset the extension API
 * promises: an object with {@code properties}, {@code required}, and per property {@code type}
 * (string, number, integer, boolean), {@code enum}, {@code minimum}, {@code maximum} and {@code
 * default}. Unknown parameters are refused, so a typo does not silently run with the default.
 */
final class ParameterSchema {

    private final Map<String, Object> properties;
    private final List<Object> required;

    private ParameterSchema(Map<String, Object> properties, List<Object> required) {
        this.properties = properties;
        this.required = required;
    }

    /** Reads a schema; a schema that is not the subset above is an {@link IllegalArgumentException}. */
    @SuppressWarnings("unchecked")
    static ParameterSchema parse(String schemaJson) {
        Map<String, Object> schema = JsonReader.readObject(schemaJson);
        Object type = schema.getOrDefault("type", "object");
        if (!"object".equals(type)) {
            throw new IllegalArgumentException("a parameter schema must be of type object, not " + type);
        }
        Object properties = schema.getOrDefault("properties", Map.of());
        Object required = schema.getOrDefault("required", List.of());
        if (!(properties instanceof Map) || !(required instanceof List)) {
            throw new IllegalArgumentException("'properties' must be an object and 'required' a list");
        }
        for (Map.Entry<String, Object> property : ((Map<String, Object>) properties).entrySet()) {
            if (!(property.getValue() instanceof Map)) {
                throw new IllegalArgumentException(
                        "property '" + property.getKey() + "' must be described by an object");
            }
        }
        return new ParameterSchema((Map<String, Object>) properties, (List<Object>) required);
    }

    /**
     * Returns the parameters with defaults filled in, integers as {@code Long} and other numbers
     * as {@code BigDecimal}; throws {@link IllegalArgumentException} naming the first violation.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> validate(Map<String, Object> parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String name : parameters.keySet()) {
            if (!properties.containsKey(name)) {
                problems.add(
                        "unknown parameter '" + name + "' (known: " + String.join(", ", properties.keySet()) + ")");
            }
        }
        for (Object name : required) {
            if (parameters.get(String.valueOf(name)) == null) {
                problems.add("parameter '" + name + "' is required");
            }
        }
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            String name = property.getKey();
            Map<String, Object> spec = (Map<String, Object>) property.getValue();
            Object value = parameters.get(name);
            if (value == null) {
                value = spec.get("default");
                if (value == null) {
                    continue;
                }
            }
            try {
                out.put(name, check(name, spec, value));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return out;
    }

    private static Object check(String name, Map<String, Object> spec, Object value) {
        Object type = spec.get("type");
        Object checked =
                switch (type == null ? "" : type.toString()) {
                    case "string" -> {
                        if (!(value instanceof String)) {
                            throw violation(name, "must be a string", value);
                        }
                        yield value;
                    }
                    case "boolean" -> {
                        if (!(value instanceof Boolean)) {
                            throw violation(name, "must be true or false", value);
                        }
                        yield value;
                    }
                    case "integer" -> {
                        BigDecimal number = number(name, value);
                        if (number.stripTrailingZeros().scale() > 0) {
                            throw violation(name, "must be an integer", value);
                        }
                        yield number.longValueExact();
                    }
                    case "number" -> normalized(number(name, value));
                    case "" -> value;
                    default -> throw new IllegalArgumentException(
                            "parameter '" + name + "' has an unsupported type '" + type + "' in the schema");
                };
        if (spec.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> same(a, checked))) {
            throw violation(name, "must be one of " + allowed, value);
        }
        if (checked instanceof Number n) {
            BigDecimal number = new BigDecimal(n.toString());
            if (spec.get("minimum") != null && number.compareTo(number(name + ".minimum", spec.get("minimum"))) < 0) {
                throw violation(name, "must be at least " + spec.get("minimum"), value);
            }
            if (spec.get("maximum") != null && number.compareTo(number(name + ".maximum", spec.get("maximum"))) > 0) {
                throw violation(name, "must be at most " + spec.get("maximum"), value);
            }
        }
        return checked;
    }

    private static boolean same(Object allowed, Object value) {
        if (allowed instanceof Number a && value instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return allowed != null && allowed.equals(value);
    }

    private static BigDecimal number(String name, Object value) {
        if (value instanceof Number n && !(value instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            return new BigDecimal(n.toString());
        }
        throw violation(name, "must be a number", value);
    }

    /** Integral numbers as Long, so that 2 and 2.0 hash alike. */
    private static Object normalized(BigDecimal number) {
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            return number.stripTrailingZeros();
        }
    }

    private static IllegalArgumentException violation(String name, String rule, Object value) {
        String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return new IllegalArgumentException("parameter '" + name + "' " + rule + ", not " + shown);
    }
}
