package org.atrium.pacs.internal;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily windows such as {@code 18:00-07:00, 12:00-13:30} in which the clinical PACS may be asked
 * for retrieves; a window whose end is before its start runs over midnight. No windows: always.
 */
final class TimeWindows {

    record Window(LocalTime start, LocalTime end) {
        boolean contains(LocalTime time) {
            if (start.equals(end)) {
                return true;
            }
            return start.isBefore(end)
                    ? !time.isBefore(start) && time.isBefore(end)
                    : !time.isBefore(start) || time.isBefore(end);
        }

        @Override
        public String toString() {
            return start + "-" + end;
        }
    }

    private final List<Window> windows;

    private TimeWindows(List<Window> windows) {
        this.windows = List.copyOf(windows);
    }

    static TimeWindows parse(String text) {
        List<Window> windows = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[,;\\s]+")) {
                if (part.isBlank()) {
                    continue;
                }
                int dash = part.indexOf('-');
                if (dash < 0) {
                    throw new IllegalArgumentException("not a time window: '" + part + "' (HH:mm-HH:mm)");
                }
                try {
                    windows.add(new Window(
                            LocalTime.parse(pad(part.substring(0, dash))),
                            LocalTime.parse(pad(part.substring(dash + 1)))));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("not a time window: '" + part + "' (HH:mm-HH:mm)");
                }
            }
        }
        return new TimeWindows(windows);
    }

    private static String pad(String time) {
        String trimmed = time.trim();
        return trimmed.indexOf(':') == 1 ? "0" + trimmed : trimmed;
    }

    boolean always() {
        return windows.isEmpty();
    }

    boolean isOpen(LocalTime time) {
        return windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(time));
    }

    @Override
    public String toString() {
        return windows.isEmpty()
                ? "always"
                : String.join(", ", windows.stream().map(Window::toString).toList());
    }
}
