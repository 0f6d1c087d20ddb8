package org.atrium.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsWhatTheWriterWrites() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "Lung \"cohort\" \u00e9\n\u2028");
        value.put("series", List.of("1.2.3", "1.2.4"));
        value.put("count", 42L);
        value.put("ratio", new BigDecimal("0.5"));
        value.put("saved", true);
        value.put("query", null);
        value.put("nested", Map.of("empty", List.of()));

        assertEquals(value, JsonReader.read(Json.write(value)));
    }

    @Test
    void readsEscapesNumbersAndSpace() {
        assertEquals("A\u00e9/", JsonReader.read(" \"\\u0041\\u00e9\\/\" "));
        assertEquals(-12L, JsonReader.read("-12"));
        assertEquals(1500L, JsonReader.read("1.5e3"));
        assertEquals(new BigDecimal("2.25"), JsonReader.read("2.25"));
        assertEquals(
                new BigDecimal("123456789012345678901234567890"), JsonReader.read("123456789012345678901234567890"));
        assertEquals(List.of(), JsonReader.read("[ ]"));
    }

    @Test
    void refusesMalformedInputSayingWhere() {
        for (String bad : List.of(
                "",
                "{",
                "{\"a\" 1}",
                "{a:1}",
                "[1,]",
                "\"open",
                "01",
                "1.",
                "tru",
                "{} x",
                "\"tab\there\"",
                "\"\\x\"",
                "-",
                "[1 2]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read(bad), bad);
            assertTrue(e.getMessage().startsWith("malformed JSON at character"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> JsonReader.readObject("[1]"));
    }

    @Test
    void refusesAbsurdNesting() {
        char[] open = new char[10_000];
        Arrays.fill(open, '[');
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JsonReader.read(new String(open)));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }
}
