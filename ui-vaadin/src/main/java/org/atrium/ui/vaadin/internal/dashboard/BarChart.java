package org.atrium.ui.vaadin.internal.dashboard;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.atrium.search.FacetResult.Bucket;

/**
 * A horizontal bar chart drawn by the server as plain elements: one clickable row per bucket. Text
 * goes in through {@code setText}, so DICOM values are always shown as text, never as markup.
 */
final class BarChart extends Div {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BARS = 12;

    private final Div rows = new Div();
    private final Consumer<String> onClick;
    private final UnaryOperator<String> labels;

    BarChart(String id, String title, Consumer<String> onClick) {
        this(id, title, onClick, UnaryOperator.identity());
    }

    /** {@code labels} turns a bucket's value into the text shown, such as a year for a date. */
    BarChart(String id, String title, Consumer<String> onClick, UnaryOperator<String> labels) {
        this.onClick = onClick;
        this.labels = labels;
        setId("chart-" + id);
        addClassName("atrium-chart");
        getStyle()
                .set("min-width", "260px")
                .set("flex", "1 1 300px")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border", "1px solid var(--lumo-contrast-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)");
        H4 heading = new H4(title);
        heading.getStyle().set("margin", "0 0 var(--lumo-space-xs) 0");
        rows.getStyle().set("max-height", "200px").set("overflow-y", "auto");
        add(heading, rows);
    }

    void show(List<Bucket> buckets) {
        rows.removeAll();
        if (buckets.isEmpty()) {
            rows.add(new Span("no values"));
            return;
        }
        long max = buckets.stream().mapToLong(Bucket::count).max().orElse(1);
        for (Bucket bucket : buckets.subList(0, Math.min(MAX_BARS, buckets.size()))) {
            rows.add(row(bucket, max));
        }
    }

    private Div row(Bucket bucket, long max) {
        Span label = new Span();
        label.setText(bucket.value().isEmpty() ? "(empty)" : labels.apply(bucket.value()));
        label.getStyle()
                .set("width", "40%")
                .set("overflow", "hidden")
                .set("text-overflow", "ellipsis")
                .set("white-space", "nowrap")
                .set("font-size", "var(--lumo-font-size-s)");
        Div bar = new Div();
        bar.getStyle()
                .set("height", "1em")
                .set("width", Math.max(1, 100 * bucket.count() / Math.max(1, max)) + "%")
                .set("background", "var(--lumo-primary-color)")
                .set("border-radius", "2px");
        Div track = new Div(bar);
        track.getStyle().set("flex", "1").set("margin", "0 var(--lumo-space-s)");
        Span count = new Span(Long.toString(bucket.count()));
        count.getStyle().set("font-size", "var(--lumo-font-size-s)").set("min-width", "3em");
        Div row = new Div(label, track, count);
        row.addClassName("bar");
        row.getElement().setAttribute("data-value", bucket.value());
        row.getElement().setAttribute("title", bucket.value() + ": " + bucket.count());
        row.getStyle()
                .set("display", "flex")
                .set("align-items", "center")
                .set("cursor", "pointer")
                .set("padding", "1px 0");
        row.addClickListener(e -> onClick.accept(bucket.value()));
        return row;
    }
}
