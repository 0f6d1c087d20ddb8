package org.atrium.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atrium.web.Json;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Error responses as short JSON, {@code {"status":404,"error":"Not Found"}}, whatever the client
 * accepts: the API's clients are programs, and a stack trace or an exception's text would tell an
 * attacker more than it tells them.
 */
final class JsonErrors {

    private JsonErrors() {}

    /**
     * The body for {@code status}. A client error keeps the message its servlet gave ({@code
     * sendError(400, "no such study")}); a server error says only its reason phrase, since its
     * message is usually an exception's.
     */
    static String body(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", reason);
        if (status < 500 && message != null && !message.isBlank() && !message.equals(reason)) {
            body.put("message", message);
        }
        return Json.write(body);
    }

    /** Errors inside the servlet context: unmapped paths, {@code sendError}, uncaught exceptions. */
    static final class ContextErrors extends ErrorHandler {

        ContextErrors() {
            setShowStacks(false);
            setShowServlet(false);
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateAcceptableResponse(
                ServletContextRequest baseRequest,
                HttpServletRequest request,
                HttpServletResponse response,
                int code,
                String message)
                throws IOException {
            if (HttpStatus.hasNoBody(code)) {
                return;
            }
            response.setContentType(Json.CONTENT_TYPE);
            response.getWriter().write(body(code, message));
        }
    }

    /** Errors Jetty answers before a request reaches the context, such as a malformed URI. */
    static final class ServerErrors extends org.eclipse.jetty.server.handler.ErrorHandler {

        ServerErrors() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(
                Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            byte[] bytes = body(code, cause == null ? message : null).getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
    }
}
