package org.atrium.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes Java values as JSON (RFC 8259), for REST responses.
 *
 * <p>Mapping: {@code null} and empty {@link Optional} to {@code null}; {@link CharSequence},
 * {@link Character} and enums (by name) to strings; {@link Boolean} to booleans; {@link Number}s
 * to numbers (NaN and infinities, which JSON cannot express, to {@code null}); {@link Map}s to
 * objects (keys by {@link String#valueOf}, in the map's iteration order); {@link Iterable}s and
 * arrays to arrays; records with public accessors to objects of their components. Anything else is written as the
 * string of its {@code toString()} (dates and times come out in ISO 8601 that way), so a report
 * never fails because of one odd value.
 *
 * <p>In strings, quotes, backslashes, control characters, the JavaScript line separators U+2028
 * and U+2029 and unpaired surrogates (which no UTF-8 encoder could write) become escapes; other
 * characters are written as they are, so write the text out as UTF-8.
 */
public final class Json {

    /** The media type to answer JSON with; the text is UTF-8 as RFC 8259 requires. */
    public static final String CONTENT_TYPE = "application/json;charset=utf-8";

    /** Nesting deeper than this is taken for a cycle (a map that contains itself). */
    static final int MAX_DEPTH = 100;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    /** The JSON text of {@code value}. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        try {
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    /** Appends the JSON text of {@code value} to {@code out}. */
    public static void write(Object value, Appendable out) throws IOException {
        value(value, out, 0);
    }

    /** Answers {@code body} as JSON with {@code status}. */
    public static void send(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.getWriter().write(write(body));
    }

    /** Answers {@code {"error": message}} with {@code status}. */
    public static void sendError(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, Map.of("error", message == null ? "error" : message));
    }

    /** {@code text} as a quoted and escaped JSON string. */
    public static String quote(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        try {
            string(text, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void value(Object value, Appendable out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nesting deeper than " + MAX_DEPTH + " (a cycle?)");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence text) {
            string(text, out);
        } else if (value instanceof Boolean bool) {
            out.append(bool.toString());
        } else if (value instanceof Number number) {
            number(number, out);
        } else if (value instanceof Character character) {
            string(character.toString(), out);
        } else if (value instanceof Enum<?> constant) {
            string(constant.name(), out);
        } else if (value instanceof Map<?, ?> map) {
            object(map, out, depth);
        } else if (value instanceof Iterable<?> iterable) {
            out.append('[');
            boolean first = true;
            for (Object element : iterable) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(element, out, depth + 1);
            }
            out.append(']');
        } else if (value.getClass().isArray()) {
            out.append('[');
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(Array.get(value, i), out, depth + 1);
            }
            out.append(']');
        } else if (value instanceof Optional<?> optional) {
            value(optional.orElse(null), out, depth);
        } else if (value instanceof Record record) {
            Map<String, Object> components = components(record);
            if (components != null) {
                object(components, out, depth);
            } else {
                string(record.toString(), out);
            }
        } else {
            string(value.toString(), out);
        }
    }

    private static void object(Map<?, ?> map, Appendable out, int depth) throws IOException {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(String.valueOf(entry.getKey()), out);
            out.append(':');
            value(entry.getValue(), out, depth + 1);
        }
        out.append('}');
    }

    /** The record's components by name, or null when they are not public to this class. */
    private static Map<String, Object> components(Record record) {
        Map<String, Object> components = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                components.put(component.getName(), component.getAccessor().invoke(record));
            } catch (IllegalAccessException e) {
                return null;
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException(
                        "cannot read " + component + " of a " + record.getClass(), e.getCause());
            }
        }
        return components;
    }

    private static void number(Number number, Appendable out) throws IOException {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            out.append(Double.isFinite(d) ? number.toString() : "null");
        } else if (number instanceof Integer
                || number instanceof Long
                || number instanceof Short
                || number instanceof Byte
                || number instanceof BigInteger
                || number instanceof BigDecimal) {
            out.append(number.toString());
        } else {
            // AtomicLong, LongAdder, someone's own Number: trust only what doubleValue() says.
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                out.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append(Long.toString(number.longValue()));
            } else {
                out.append(Double.toString(d));
            }
        }
    }

    private static void string(CharSequence text, Appendable out) throws IOException {
        out.append('"');
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\u2028', '\u2029' -> unicodeEscape(c, out);
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        unicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < length
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(char c, Appendable out) throws IOException {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
