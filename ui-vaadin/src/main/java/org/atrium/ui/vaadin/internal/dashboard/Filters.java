package org.atrium.ui.vaadin.internal.dashboard;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Filter queries in the search syntax for a clicked bar. */
final class Filters {

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private Filters() {}

    /** {@code Keyword:"value"}, with quotes and backslashes escaped. */
    static String term(String keyword, String value) {
        return keyword + ":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The year bucket starting at {@code yyyymmdd}: {@code Keyword:[20200101 TO 20210101}}. */
    static String year(String keyword, String yyyymmdd) {
        LocalDate from = LocalDate.parse(yyyymmdd, DA);
        return keyword + ":[" + DA.format(from) + " TO " + DA.format(from.plusYears(1)) + "}";
    }

    /** The numeric bucket {@code [lower, lower + gap)}. */
    static String number(String keyword, String lower, double gap) {
        double from = Double.parseDouble(lower);
        return keyword + ":[" + plain(from) + " TO " + plain(from + gap) + "}";
    }

    private static String plain(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}
