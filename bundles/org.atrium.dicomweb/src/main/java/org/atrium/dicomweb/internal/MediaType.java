package org.atrium.dicomweb.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A media type or media range with its parameters (RFC 9110 8.3.1, 12.5.1): type and subtype
 * lower case, parameter names lower case, values unquoted and as given. {@code q} is kept apart.
 */
record MediaType(String type, String subtype, Map<String, String> parameters, double quality) {

    static final MediaType ANY = new MediaType("*", "*", Map.of(), 1);

    MediaType {
        parameters = Map.copyOf(parameters);
    }

    /** One media type; {@link IllegalArgumentException} saying why when it is malformed. */
    static MediaType parse(String text) {
        List<String> pieces = split(text, ';');
        String full = pieces.get(0).trim().toLowerCase(Locale.ROOT);
        int slash = full.indexOf('/');
        if (slash <= 0
                || slash == full.length() - 1
                || !token(full.substring(0, slash))
                || !token(full.substring(slash + 1))) {
            throw new IllegalArgumentException("not a media type: '" + text.trim() + "'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        double quality = 1;
        for (String piece : pieces.subList(1, pieces.size())) {
            if (piece.isBlank()) {
                continue;
            }
            int equals = piece.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(
                        "malformed media type parameter '" + piece.trim() + "' in '" + text.trim() + "'");
            }
            String name = piece.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = unquote(piece.substring(equals + 1).trim());
            if (name.equals("q")) {
                try {
                    quality = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("malformed quality '" + value + "' in '" + text.trim() + "'");
                }
            } else {
                parameters.put(name, value);
            }
        }
        return new MediaType(full.substring(0, slash), full.substring(slash + 1), parameters, quality);
    }

    /**
     * The media ranges of Accept headers, best first (by quality, then more specific first); every
     * header may hold a comma-separated list. No header means anything.
     */
    static List<MediaType> accepted(List<String> headers) {
        List<MediaType> ranges = new ArrayList<>();
        for (String header : headers) {
            for (String range : split(header, ',')) {
                if (!range.isBlank()) {
                    ranges.add(parse(range));
                }
            }
        }
        if (ranges.isEmpty()) {
            return List.of(ANY);
        }
        ranges.sort(Comparator.comparingDouble(MediaType::quality).reversed().thenComparing(MediaType::wildcards));
        ranges.removeIf(range -> range.quality() <= 0);
        return ranges;
    }

    private int wildcards() {
        return (type.equals("*") ? 2 : 0) + (subtype.equals("*") ? 1 : 0);
    }

    String parameter(String name) {
        return parameters.get(name);
    }

    String essence() {
        return type + "/" + subtype;
    }

    /** Whether this range admits the media type {@code type/subtype} (wildcards in this range only). */
    boolean admits(String type, String subtype) {
        return (this.type.equals("*") || this.type.equals(type))
                && (this.subtype.equals("*") || this.subtype.equals(subtype));
    }

    /** Splits at {@code separator} outside quoted strings. */
    private static List<String> split(String text, char separator) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                pieces.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted string in '" + text.trim() + "'");
        }
        pieces.add(current.toString());
        return pieces;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }

    private static boolean token(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(essence());
        parameters.forEach(
                (name, value) -> out.append("; ").append(name).append('=').append(value));
        return out.toString();
    }
}
