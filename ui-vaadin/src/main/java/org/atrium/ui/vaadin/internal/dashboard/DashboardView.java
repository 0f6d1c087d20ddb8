package org.atrium.ui.vaadin.internal.dashboard;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServlet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.atrium.search.FacetRequest;
import org.atrium.search.FacetResult;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.datasets.SaveDatasetDialog;
import org.atrium.ui.vaadin.internal.layout.MainLayout;
import org.atrium.ui.vaadin.internal.viewer.ViewerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the site holds: facet charts over the DICOM metadata, a search bar, and the hits at patient,
 * study or series level. Clicking a bar adds a filter; every change recounts charts and hits.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Dashboard · Atrium")
public final class DashboardView extends VerticalLayout {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardView.class);
    private static final int ROWS = 100;
    static final double THICKNESS_GAP = 0.5;

    /** Term charts: keyword to title. */
    private static final Map<String, String> TERMS = new LinkedHashMap<>();

    static {
        TERMS.put("Modality", "Modality");
        TERMS.put("BodyPartExamined", "Body part");
        TERMS.put("Manufacturer", "Manufacturer");
        TERMS.put("InstitutionName", "Institution");
    }

    private final TextField query = new TextField();
    private final Select<SearchLevel> level = new Select<>();
    private final HorizontalLayout chips = new HorizontalLayout();
    private final Span count = new Span();
    private final Map<String, BarChart> charts = new LinkedHashMap<>();
    private final BarChart studyYears;
    private final BarChart thickness;
    private final BarChart seriesPerStudy;
    private final Grid<Map<String, Object>> results = new Grid<>();
    private final List<String> filters = new ArrayList<>();
    private SearchLevel shownLevel;

    public DashboardView() {
        setSizeFull();
        query.setId("search");
        query.setPlaceholder("Free text or Keyword:value, e.g. Modality:CT AND StudyDate:[20200101 TO *]");
        query.setClearButtonVisible(true);
        query.setPrefixComponent(VaadinIcon.SEARCH.create());
        query.setWidthFull();
        query.addKeyPressListener(Key.ENTER, e -> refresh());
        Button search = new Button("Search", e -> refresh());
        search.setId("search-button");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        level.setId("level");
        level.setItems(SearchLevel.SERIES, SearchLevel.STUDY, SearchLevel.PATIENT);
        level.setItemLabelGenerator(l -> switch (l) {
            case SERIES -> "Series";
            case STUDY -> "Studies";
            case PATIENT -> "Patients";
        });
        level.setValue(SearchLevel.SERIES);
        level.addValueChangeListener(e -> refresh());
        HorizontalLayout bar = new HorizontalLayout(query, level, search);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        chips.setId("filters");
        chips.getStyle().set("flex-wrap", "wrap");

        FlexLayout chartArea = new FlexLayout();
        chartArea.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        chartArea.getStyle().set("gap", "var(--lumo-space-m)");
        chartArea.setWidthFull();
        TERMS.forEach((keyword, title) -> {
            BarChart chart = new BarChart(keyword, title, value -> addFilter(Filters.term(keyword, value)));
            charts.put(keyword, chart);
            chartArea.add(chart);
        });
        studyYears = new BarChart(
                "StudyDate",
                "Study year",
                value -> addFilter(Filters.year("StudyDate", value)),
                value -> value.length() >= 4 ? value.substring(0, 4) : value);
        thickness = new BarChart(
                "SliceThickness",
                "Slice thickness (mm)",
                value -> addFilter(Filters.number("SliceThickness", value, THICKNESS_GAP)));
        seriesPerStudy = new BarChart(
                "SeriesPerStudy",
                "Series per study",
                value -> addFilter(Filters.number("NumberOfStudyRelatedSeries", value, 1)));
        chartArea.add(studyYears, thickness, seriesPerStudy);

        count.setId("result-count");
        Button save = new Button("Save as dataset", VaadinIcon.FOLDER_ADD.create(), e -> saveDataset());
        save.setId("save-dataset");
        HorizontalLayout resultBar = new HorizontalLayout(count, save);
        resultBar.setAlignItems(FlexComponent.Alignment.BASELINE);

        results.setId("results");
        results.setSelectionMode(Grid.SelectionMode.MULTI);
        results.setMinHeight("300px");
        add(bar, chips, chartArea, resultBar, results);
        setFlexGrow(1, results);
        refresh();
    }

    private void addFilter(String filter) {
        if (!filters.contains(filter)) {
            filters.add(filter);
        }
        refresh();
    }

    private void showChips() {
        chips.removeAll();
        for (String filter : List.copyOf(filters)) {
            Button chip = new Button(filter, VaadinIcon.CLOSE_SMALL.create(), e -> {
                filters.remove(filter);
                refresh();
            });
            chip.addClassName("filter-chip");
            chip.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_CONTRAST);
            chips.add(chip);
        }
    }

    private void refresh() {
        showChips();
        Optional<MetadataSearch> search = Platform.current().search();
        if (search.isEmpty()) {
            count.setText("Search is not available: the search service is not running.");
            return;
        }
        SearchLevel at = level.getValue();
        String q = query.getValue().trim();
        try {
            MetadataSearch service = search.get();
            List<String> fq = List.copyOf(filters);
            // The three requests are independent: asked at once, the page waits for the slowest only.
            CompletableFuture<SearchResult> hitsLater = CompletableFuture.supplyAsync(
                    () -> call(() -> service.search(new SearchRequest(at, q, fq, "", 0, ROWS))));
            CompletableFuture<FacetResult> perStudyLater =
                    CompletableFuture.supplyAsync(() -> call(() -> service.facets(new FacetRequest(
                            SearchLevel.STUDY, q, fq, List.of(), List.of("NumberOfStudyRelatedSeries:1"), 20))));
            FacetResult facets = service.facets(new FacetRequest(
                    at,
                    q,
                    fq,
                    List.copyOf(TERMS.keySet()),
                    List.of("StudyDate:1y", "SliceThickness:" + THICKNESS_GAP),
                    20));
            FacetResult perStudy = join(perStudyLater);
            SearchResult hits = join(hitsLater);
            charts.forEach((keyword, chart) -> chart.show(facets.fields().getOrDefault(keyword, List.of())));
            studyYears.show(facets.ranges().getOrDefault("StudyDate", List.of()));
            thickness.show(facets.ranges().getOrDefault("SliceThickness", List.of()));
            seriesPerStudy.show(perStudy.ranges().getOrDefault("NumberOfStudyRelatedSeries", List.of()));
            showResults(at, hits);
        } catch (SearchException e) {
            LOG.debug("dashboard query refused: {}", e.getMessage());
            Notification note = Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE);
            note.addThemeVariants(NotificationVariant.LUMO_ERROR);
            note.setId("search-error");
            count.setText(e.getMessage());
        }
    }

    @FunctionalInterface
    private interface SearchCall<T> {
        T call() throws SearchException;
    }

    private static <T> T call(SearchCall<T> call) {
        try {
            return call.call();
        } catch (SearchException e) {
            throw new CompletionException(e);
        }
    }

    private static <T> T join(CompletableFuture<T> later) throws SearchException {
        try {
            return later.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SearchException refused) {
                throw refused;
            }
            throw e;
        }
    }

    private void showResults(SearchLevel at, SearchResult hits) {
        String unit =
                switch (at) {
                    case SERIES -> "series";
                    case STUDY -> "studies";
                    case PATIENT -> "patients";
                };
        count.setText(hits.numFound() + " " + unit
                + (hits.numFound() > hits.docs().size()
                        ? " (first " + hits.docs().size() + " shown)"
                        : ""));
        if (shownLevel != at) {
            columnsFor(at);
            shownLevel = at;
        }
        results.setItems(hits.docs());
    }

    /**
     * The columns of a level. Thumbnails and the viewer button are Lit templates rendered in the
     * browser (property bindings, so values stay text), far lighter than a component per row.
     */
    private void columnsFor(SearchLevel at) {
        results.removeAllColumns();
        if (at == SearchLevel.SERIES) {
            String images = VaadinServlet.getCurrent().getServletContext().getContextPath() + "/images/series/";
            results.addColumn(LitRenderer.<Map<String, Object>>of(
                                    "<img src=\"${item.thumb}\" alt=\"thumbnail\" loading=\"lazy\" style=\"width:64px;height:64px;"
                                            + "object-fit:contain;background:black\">")
                            .withProperty(
                                    "thumb", doc -> images + text(doc.get("SeriesInstanceUID")) + "/thumbnail.png"))
                    .setHeader("")
                    .setWidth("80px")
                    .setFlexGrow(0);
        }
        column("PatientName", "Patient");
        column("PatientID", "Patient ID");
        switch (at) {
            case PATIENT -> {
                column("PatientSex", "Sex");
                column("PatientBirthDate", "Born");
            }
            case STUDY -> {
                column("StudyDate", "Date");
                column("StudyDescription", "Study");
                column("ModalitiesInStudy", "Modalities");
                column("NumberOfStudyRelatedSeries", "Series");
            }
            case SERIES -> {
                column("StudyDate", "Date");
                column("Modality", "Modality");
                column("SeriesDescription", "Series");
                column("BodyPartExamined", "Body part");
                column("NumberOfSeriesRelatedInstances", "Images");
                column("Labels", "Datasets");
                results.addColumn(LitRenderer.<Map<String, Object>>of(
                                        "<vaadin-button class=\"open-viewer\" theme=\"small\" @click=\"${open}\">View</vaadin-button>")
                                .withFunction("open", doc -> getUI().ifPresent(ui ->
                                        ui.navigate(ViewerView.class, text(doc.get("SeriesInstanceUID"))))))
                        .setHeader("")
                        .setFlexGrow(0)
                        .setWidth("110px");
            }
        }
    }

    private void column(String keyword, String header) {
        results.addColumn(doc -> text(doc.get(keyword)))
                .setHeader(header)
                .setResizable(true)
                .setSortable(true)
                .setKey(keyword);
    }

    /** A value as text for display: lists joined, DICOM person names with their caret separators made readable. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> values) {
            return String.join(", ", values.stream().map(DashboardView::text).toList());
        }
        return value.toString().replace('^', ' ').trim();
    }

    private void saveDataset() {
        Set<Map<String, Object>> selected = results.getSelectedItems();
        List<String> series = new ArrayList<>();
        if (level.getValue() == SearchLevel.SERIES) {
            selected.forEach(doc -> series.add(text(doc.get("SeriesInstanceUID"))));
        }
        String savedQuery = SaveDatasetDialog.savedQuery(query.getValue().trim(), filters);
        new SaveDatasetDialog(series, savedQuery, () -> refresh()).open();
    }
}
