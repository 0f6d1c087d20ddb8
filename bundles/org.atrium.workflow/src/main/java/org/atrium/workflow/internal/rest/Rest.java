package org.atrium.workflow.internal.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.atrium.web.JsonReader;
import org.atrium.workflow.WorkflowException;

/** What the workflow bundle's servlets share: paths, ids, bodies and status codes. */
final class Rest {

    static final int MAX_BODY = 4 << 20;

    private Rest() {}

    static long id(String text, String what) throws BadRequest {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequest(404, "no " + what + " '" + text + "'");
        }
    }

    static void allow(String method, String allowed) throws BadRequest {
        if (!method.equals(allowed)) {
            throw new BadRequest(405, method + " is not allowed here");
        }
    }

    static Map<String, Object> body(HttpServletRequest request) throws IOException, BadRequest {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new BadRequest(413, "request body too large");
        }
        String text = new String(request.getInputStream().readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new BadRequest(400, "a JSON object is required");
        }
        return JsonReader.readObject(text);
    }

    static int status(WorkflowException e) {
        return switch (e.reason()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    /** A request refused with an HTTP status and a message for the caller. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
