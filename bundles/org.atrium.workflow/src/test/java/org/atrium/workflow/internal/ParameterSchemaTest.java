package org.atrium.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {

    static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"mode\"],\"properties\":{"
            + "\"mode\":{\"type\":\"string\",\"enum\":[\"ok\",\"fail\"]},"
            + "\"threshold\":{\"type\":\"number\",\"minimum\":-1000,\"maximum\":3000,\"default\":200},"
            + "\"iterations\":{\"type\":\"integer\",\"minimum\":1,\"default\":2},"
            + "\"keep\":{\"type\":\"boolean\"}}}";

    @Test
    void fillsDefaultsAndNormalizesNumbers() {
        Map<String, Object> out = ParameterSchema.parse(SCHEMA).validate(Map.of("mode", "ok", "iterations", 3.0));
        assertEquals(Map.of("mode", "ok", "threshold", 200L, "iterations", 3L), out);
    }

    @Test
    void refusesEveryViolationWithItsName() {
        ParameterSchema schema = ParameterSchema.parse(SCHEMA);
        assertMessage(schema, Map.of(), "parameter 'mode' is required");
        assertMessage(schema, Map.of("mode", "maybe"), "'mode' must be one of [ok, fail]");
        assertMessage(schema, Map.of("mode", 1L), "'mode' must be a string");
        assertMessage(schema, Map.of("mode", "ok", "threshold", 5000L), "'threshold' must be at most 3000");
        assertMessage(schema, Map.of("mode", "ok", "threshold", "high"), "'threshold' must be a number");
        assertMessage(schema, Map.of("mode", "ok", "iterations", 0L), "'iterations' must be at least 1");
        assertMessage(schema, Map.of("mode", "ok", "iterations", 1.5), "'iterations' must be an integer");
        assertMessage(schema, Map.of("mode", "ok", "keep", "yes"), "'keep' must be true or false");
        assertMessage(schema, Map.of("mode", "ok", "treshold", 1L), "unknown parameter 'treshold'");
    }

    @Test
    void emptySchemaTakesNoParameters() {
        assertEquals(Map.of(), ParameterSchema.parse("{\"type\":\"object\"}").validate(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ParameterSchema.parse("{\"type\":\"array\"}"));
    }

    @Test
    void hashIsCanonical() {
        String a = CanonicalJson.write(Map.of("b", 1L, "a", Map.of("y", true, "x", "s")));
        assertEquals("{\"a\":{\"x\":\"s\",\"y\":true},\"b\":1}", a);
        assertEquals(64, CanonicalJson.sha256(a).length());
    }

    private static void assertMessage(ParameterSchema schema, Map<String, Object> parameters, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schema.validate(parameters));
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should contain " + expected);
    }
}
