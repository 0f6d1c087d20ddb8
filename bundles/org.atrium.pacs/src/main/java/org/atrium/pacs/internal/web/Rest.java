package org.atrium.pacs.internal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.atrium.web.Json;
import org.atrium.web.JsonReader;
import org.atrium.web.WebWhiteboard;

/** What the REST servlets of this bundle share: paths, bodies, JSON answers, errors. */
final class Rest {

    private Rest() {}

    /** An answer other than 2xx, with a message for the caller. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static void requireAdmin(HttpServletRequest request) throws Failure {
        if (!request.isUserInRole(WebWhiteboard.ROLE_ADMIN)) {
            throw new Failure(403, "only administrators may change this");
        }
    }

    static Map<String, Object> body(HttpServletRequest request) throws IOException, Failure {
        if (request.getContentLengthLong() > 4 << 20) {
            throw new Failure(413, "request body too large");
        }
        String text = new String(request.getInputStream().readNBytes(4 << 20), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new Failure(400, "a JSON object is required");
        }
        try {
            return JsonReader.readObject(text);
        } catch (IllegalArgumentException e) {
            throw new Failure(400, "not a JSON object: " + e.getMessage());
        }
    }

    static String string(Map<String, Object> body, String key, String fallback) throws Failure {
        Object value = body.get(key);
        if (value == null) {
            if (fallback == null) {
                throw new Failure(400, "'" + key + "' is required");
            }
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new Failure(400, "'" + key + "' must be a string");
        }
        return text;
    }

    static List<String> strings(Map<String, Object> body, String key) throws Failure {
        Object value = body.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new Failure(400, "'" + key + "' must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    static long number(String text, String what) throws Failure {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Failure(404, "no " + what + " '" + text + "'");
        }
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        Json.send(response, status, body);
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        Json.sendError(response, status, message);
    }
}
