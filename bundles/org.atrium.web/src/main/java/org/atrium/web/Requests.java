package org.atrium.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/** What REST servlets on the whiteboard read from every request. */
public final class Requests {

    private Requests() {}

    /**
     * The path after the servlet's pattern, split at slashes, empty parts dropped: {@code /12/log}
     * gives {@code [12, log]}, no path info gives {@code []}.
     */
    public static List<String> pathParts(HttpServletRequest request) {
        String info = request.getPathInfo();
        List<String> parts = new ArrayList<>();
        if (info != null) {
            for (String part : info.split("/")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
        }
        return parts;
    }
}
