package org.atrium.dicom.net.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labels for an incoming object from the listener it arrived at, and from its calling and called AE
 * titles: "send to AE X to land in dataset Y".
 */
final class Routing {

    private final Set<String> listenerLabels;
    private final Map<String, List<String>> byAeTitle;

    Routing(String[] labels, String[] routes) {
        this.listenerLabels = Set.copyOf(values(labels));
        Map<String, List<String>> routing = new HashMap<>();
        for (String route : values(routes)) {
            int equals = route.indexOf('=');
            if (equals <= 0 || equals == route.length() - 1) {
                throw new IllegalArgumentException("route must read AET=label: '" + route + "'");
            }
            routing.computeIfAbsent(route.substring(0, equals).trim(), k -> new java.util.ArrayList<>())
                    .add(route.substring(equals + 1).trim());
        }
        this.byAeTitle = Map.copyOf(routing);
    }

    Set<String> labelsFor(String callingAet, String calledAet) {
        List<String> byCalling = byAeTitle.get(callingAet);
        List<String> byCalled = byAeTitle.get(calledAet);
        if (byCalling == null && byCalled == null) {
            return listenerLabels;
        }
        Set<String> labels = new HashSet<>(listenerLabels);
        labels.addAll(byCalling == null ? List.of() : byCalling);
        labels.addAll(byCalled == null ? List.of() : byCalled);
        return labels;
    }

    /** Configuration lists arrive as arrays or as one comma-separated string; blanks mean nothing. */
    static List<String> values(String[] entries) {
        return java.util.Arrays.stream(entries)
                .flatMap(entry -> java.util.Arrays.stream(entry.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }
}
