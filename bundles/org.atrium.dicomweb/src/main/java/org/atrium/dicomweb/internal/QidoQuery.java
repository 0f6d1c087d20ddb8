package org.atrium.dicomweb.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.atrium.store.ResearchStore.Level;
import org.atrium.store.StoreQuery;

/**
 * A QIDO-RS search (PS3.18 8.3.4, 10.6) read from query parameters: attribute keywords or tags as
 * matching keys, {@code includefield}, {@code limit}, {@code offset}, {@code fuzzymatching}
 * (accepted, not done).
 *
 * @param keys matching keys by keyword for the store (those it matches on at this level)
 * @param includeFields further attributes asked for (tags), beyond the level's defaults
 * @param includeAll {@code includefield=all}
 * @param unsupported matching keys the store cannot match on, ignored and reported in a Warning
 */
record QidoQuery(
        Level level,
        Map<String, String> keys,
        Set<Integer> includeFields,
        boolean includeAll,
        int limit,
        int offset,
        List<String> unsupported) {

    /**
     * @param scope keys from the path (the study and series a search is inside), by keyword
     * @param tagOf the dictionary: keyword to tag, -1 when unknown
     * @param keywordOf the dictionary: tag to keyword, null when unknown
     * @param maxResults the most matches one response returns
     */
    static QidoQuery parse(
            Level level,
            Map<String, String[]> parameters,
            Map<String, String> scope,
            ToIntFunction<String> tagOf,
            IntFunction<String> keywordOf,
            int maxResults)
            throws DicomWebException {
        Map<String, String> keys = new LinkedHashMap<>();
        Set<Integer> includeFields = new LinkedHashSet<>();
        List<String> unsupported = new ArrayList<>();
        boolean includeAll = false;
        int limit = maxResults;
        int offset = 0;
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String[] values = parameter.getValue();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "limit" -> limit = Math.min(maxResults, number(name, single(name, values), 1));
                case "offset" -> offset = number(name, single(name, values), 0);
                case "fuzzymatching" -> {
                    String value = single(name, values).trim().toLowerCase(Locale.ROOT);
                    if (!value.equals("true") && !value.equals("false")) {
                        throw bad("fuzzymatching is true or false, not '" + value + "'");
                    }
                }
                case "includefield" -> {
                    for (String value : values) {
                        for (String field : value.split(",")) {
                            String trimmed = field.trim();
                            if (trimmed.equalsIgnoreCase("all")) {
                                includeAll = true;
                            } else if (!trimmed.isEmpty()) {
                                includeFields.add(tag(trimmed, tagOf, keywordOf, "includefield"));
                            }
                        }
                    }
                }
                default -> {
                    if (name.contains(".")) {
                        // A sequence path such as 00081110.00081150: no sequence matching in the index.
                        for (String part : name.split("\\.")) {
                            tag(part, tagOf, keywordOf, "query parameter");
                        }
                        unsupported.add(name);
                        continue;
                    }
                    int tag = tag(name, tagOf, keywordOf, "query parameter");
                    String keyword = keywordOf.apply(tag);
                    String value = single(name, values);
                    QidoAttributes.Attribute known = QidoAttributes.byTag(tag);
                    if (value.isEmpty()) {
                        includeFields.add(tag); // an empty key is a return key
                    } else if (!QidoAttributes.matchable(keyword, level)) {
                        unsupported.add(keyword);
                        includeFields.add(tag);
                    } else {
                        keys.put(keyword, known.vr().equals("UI") ? value.replace(',', '\\') : value);
                    }
                }
            }
        }
        keys.putAll(scope);
        return new QidoQuery(level, keys, includeFields, includeAll, limit, offset, unsupported);
    }

    /**
     * The store query that finds this page and one more match, so that the caller learns whether
     * more results exist.
     */
    StoreQuery storeQuery() {
        return new StoreQuery(level, keys, (int) Math.min(Integer.MAX_VALUE, (long) offset + limit + 1));
    }

    private static String single(String name, String[] values) throws DicomWebException {
        if (values.length != 1) {
            throw bad(name + " is given " + values.length + " times; give it once (a list of UIDs is comma separated)");
        }
        return values[0];
    }

    private static int number(String name, String value, int minimum) throws DicomWebException {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw bad(name + " is a whole number of at least " + minimum + ", not '" + value + "'");
    }

    /** A keyword or an eight-digit hex tag, as the dictionary knows it. */
    private static int tag(String text, ToIntFunction<String> tagOf, IntFunction<String> keywordOf, String what)
            throws DicomWebException {
        if (text.matches("[0-9A-Fa-f]{8}")) {
            int tag = (int) Long.parseLong(text, 16);
            if (keywordOf.apply(tag) != null) {
                return tag;
            }
        } else {
            int tag = tagOf.applyAsInt(text);
            if (tag != -1) {
                return tag;
            }
        }
        throw bad("unknown " + what + " '" + text
                + "': neither limit, offset, includefield, fuzzymatching nor a DICOM attribute keyword or tag");
    }

    private static DicomWebException bad(String message) {
        return new DicomWebException(HttpServletResponse.SC_BAD_REQUEST, message);
    }
}
