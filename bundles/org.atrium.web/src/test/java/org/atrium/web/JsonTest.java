package org.atrium.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonTest {

    public record Series(String uid, int instances, List<String> modalities) {}

    enum Level {
        STUDY
    }

    @Test
    void escapesWhatJsonRequires() {
        assertEquals("\"a\\\"b\\\\c\\/d\"".replace("\\/", "/"), Json.write("a\"b\\c/d"));
        assertEquals("\"\\n\\r\\t\\b\\f\"", Json.write("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u001f\\u007f\"", Json.write("\u0000\u001f\u007f"));
    }

    @Test
    void keepsUnicodeButEscapesSeparatorsAndLoneSurrogates() {
        assertEquals("\"Ärztin – 東京 😀\"", Json.write("Ärztin – 東京 😀"));
        assertEquals("\"\\u2028\\u2029\"", Json.write("\u2028\u2029"));
        assertEquals("\"a\\ud800b\\udc00\"", Json.write("a\ud800b\udc00"));
        assertEquals("\"\\ud83d\"", Json.write("\ud83d"));
    }

    @Test
    void writesNumbersAndBooleans() {
        assertEquals(
                "[1,-2,3,4,5.5,0.25,null,null,null,12345678901234567890,1.50,true,false,7]",
                Json.write(List.of(
                        1,
                        -2L,
                        (short) 3,
                        (byte) 4,
                        5.5,
                        0.25f,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        new BigInteger("12345678901234567890"),
                        new BigDecimal("1.50"),
                        true,
                        false,
                        new AtomicLong(7))));
        assertEquals("1.0E-7", Json.write(1e-7));
    }

    @Test
    void writesMapsListsArraysAndNulls() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "CT");
        map.put("empty", Map.of());
        map.put("none", null);
        map.put("ints", new int[] {1, 2});
        map.put("strings", new String[] {"x"});
        map.put("list", new ArrayList<>(List.of(List.of(), "y")));
        map.put("optional", Optional.of("z"));
        map.put("absent", Optional.empty());
        assertEquals(
                "{\"name\":\"CT\",\"empty\":{},\"none\":null,\"ints\":[1,2],\"strings\":[\"x\"],"
                        + "\"list\":[[],\"y\"],\"optional\":\"z\",\"absent\":null}",
                Json.write(map));
        assertEquals("null", Json.write(null));
        assertEquals("{\"1\":\"one\",\"null\":0}", Json.write(keysOfOtherTypes()));
    }

    private static Map<Object, Object> keysOfOtherTypes() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1, "one");
        map.put(null, 0);
        return map;
    }

    @Test
    void writesRecordsEnumsAndOtherValues() {
        assertEquals(
                "{\"uid\":\"1.2.3\",\"instances\":2,\"modalities\":[\"CT\",\"SR\"]}",
                Json.write(new Series("1.2.3", 2, List.of("CT", "SR"))));
        assertEquals("\"STUDY\"", Json.write(Level.STUDY));
        assertEquals("\"c\"", Json.write('c'));
        assertEquals("\"2026-01-02T03:04:05Z\"", Json.write(Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void refusesCycles() {
        Map<String, Object> map = new HashMap<>();
        map.put("self", map);
        assertThrows(IllegalArgumentException.class, () -> Json.write(map));
    }

    @Test
    void quotes() {
        assertEquals("\"say \\\"hi\\\"\"", Json.quote("say \"hi\""));
    }
}
