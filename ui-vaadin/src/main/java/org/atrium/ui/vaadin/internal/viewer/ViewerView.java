package org.atrium.ui.vaadin.internal.viewer;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.IFrame;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.image.ContentItem;
import org.atrium.dicom.image.Segment;
import org.atrium.dicom.image.Segmentation;
import org.atrium.dicom.image.StructuredReport;
import org.atrium.dicom.image.Window;
import org.atrium.extension.api.ToolDescriptor;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.layout.MainLayout;
import org.atrium.ui.vaadin.internal.session.Session;
import org.atrium.web.Json;
import org.atrium.web.WebUser;
import org.atrium.workflow.ToolLaunch;
import org.atrium.workflow.ToolService;
import org.atrium.workflow.WorkflowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One series. Images: scroll slices (wheel, slider, arrow keys), window/level presets and free
 * window/level by left drag, zoom (ctrl+wheel, buttons) and pan (right or shift drag), the DICOM
 * header of the current slice, and the SEG objects made from the series as coloured overlays with a
 * toggle per segment. A Structured Report is shown as a tree; an Encapsulated PDF in the page.
 */
@Route(value = "viewer", layout = MainLayout.class)
@PageTitle("Viewer · Atrium")
public final class ViewerView extends VerticalLayout implements HasUrlParameter<String> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ViewerView.class);
    private static final String SCRIPT = script();
    static final String SEG_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";
    static final String PDF_CLASS = "1.2.840.10008.5.1.4.1.1.104.1";

    /** Window presets: name, centre, width. */
    static final Map<String, Window> PRESETS = new java.util.LinkedHashMap<>();

    static {
        PRESETS.put("Lung", new Window(-600, 1500));
        PRESETS.put("Soft tissue", new Window(40, 400));
        PRESETS.put("Bone", new Window(400, 1800));
    }

    private final Div viewer = new Div();
    private String seriesInstanceUid;

    @Override
    public void setParameter(BeforeEvent event, String seriesInstanceUid) {
        this.seriesInstanceUid = seriesInstanceUid;
        removeAll();
        setSizeFull();
        Platform platform = Platform.current();
        List<InstanceRecord> instances = platform.store().instances(ResearchStore.Level.SERIES, seriesInstanceUid);
        if (instances.isEmpty()) {
            add(new H3("No series " + seriesInstanceUid + " in the store"));
            return;
        }
        InstanceRecord first = instances.get(0);
        String sopClass = first.sopClassUid();
        Path file = platform.store().file(first);
        try {
            if (sopClass != null && sopClass.startsWith("1.2.840.10008.5.1.4.1.1.88.")) {
                showReport(platform, file);
            } else if (PDF_CLASS.equals(sopClass)) {
                showDocument(first.sopInstanceUid());
            } else if (SEG_CLASS.equals(sopClass)) {
                Segmentation seg = platform.segmentations().get(first.sopInstanceUid(), file);
                if (seg.referencedSeriesInstanceUid() != null) {
                    event.forwardTo(ViewerView.class, seg.referencedSeriesInstanceUid());
                    return;
                }
                add(new Span("This segmentation names no source series."));
            } else {
                showImages(platform);
            }
        } catch (IOException e) {
            LOG.info("viewer cannot open {}: {}", seriesInstanceUid, e.getMessage());
            add(new H3("Cannot show this series: " + e.getMessage()));
        }
    }

    /** "Open in ..." for each installed tool that takes this series' modality. */
    private List<Button> toolButtons(Platform platform) {
        Optional<ToolService> service = platform.tools();
        if (service.isEmpty()) {
            return List.of();
        }
        String modality = null;
        try {
            List<Match> series = platform.store()
                    .find(new StoreQuery(ResearchStore.Level.SERIES, Map.of("SeriesInstanceUID", seriesInstanceUid)));
            modality = series.isEmpty() ? null : series.get(0).get("Modality");
        } catch (StoreException e) {
            LOG.info("viewer: modality of {} unknown: {}", seriesInstanceUid, e.getMessage());
        }
        List<Button> buttons = new ArrayList<>();
        for (ToolDescriptor tool : service.get().tools()) {
            if (!tool.inputs().modalities().isEmpty()
                    && !tool.inputs().modalities().contains(modality)) {
                continue;
            }
            Button open = new Button(tool.name(), VaadinIcon.EXTERNAL_LINK.create(), e -> launch(service.get(), tool));
            open.setId("tool-" + tool.id().replaceAll("[^A-Za-z0-9-]", "-"));
            open.setTooltipText(tool.description());
            buttons.add(open);
        }
        return buttons;
    }

    private void launch(ToolService service, ToolDescriptor tool) {
        try {
            ToolLaunch launch = service.launch(
                    tool.id(),
                    List.of(seriesInstanceUid),
                    Session.user().map(WebUser::name).orElse(""));
            Notification note = Notification.show(launch.status(), 10000, Notification.Position.BOTTOM_START);
            note.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            note.setId("tool-launched");
        } catch (WorkflowException e) {
            Notification note = Notification.show(e.getMessage(), 10000, Notification.Position.MIDDLE);
            note.addThemeVariants(NotificationVariant.LUMO_ERROR);
            note.setId("tool-error");
        }
    }

    private String servletBase() {
        return VaadinServlet.getCurrent().getServletContext().getContextPath() + "/images";
    }

    private void showImages(Platform platform) {
        Slices.Stack stack = platform.slices().of(seriesInstanceUid);
        if (stack.slices().isEmpty()) {
            add(new H3("This series has no images to show."));
            return;
        }
        viewer.setId("viewer");
        viewer.removeAll();
        viewer.getElement().setAttribute("tabindex", "0");
        viewer.getStyle()
                .set("position", "relative")
                .set("background", "black")
                .set("overflow", "hidden")
                .set("width", "100%")
                .set("height", "70vh")
                .set("user-select", "none");
        Image slice = new Image();
        slice.addClassName("slice");
        Image overlay = new Image();
        overlay.addClassName("overlay");
        for (Image picture : List.of(slice, overlay)) {
            picture.getStyle()
                    .set("position", "absolute")
                    .set("inset", "0")
                    .set("width", "100%")
                    .set("height", "100%")
                    .set("object-fit", "contain")
                    .set("image-rendering", "auto")
                    .set("pointer-events", "none");
        }
        Div frame = new Div(slice, overlay);
        frame.addClassName("frame");
        frame.getStyle().set("position", "absolute").set("inset", "0").set("transform-origin", "center");
        Span label = new Span();
        label.addClassName("slice-label");
        label.getStyle()
                .set("position", "absolute")
                .set("left", "8px")
                .set("top", "4px")
                .set("color", "#ddd")
                .set("font-family", "monospace");
        Input slider = new Input();
        slider.setType("range");
        slider.addClassName("slider");
        slider.getElement().setAttribute("min", "0");
        slider.getStyle()
                .set("position", "absolute")
                .set("left", "2%")
                .set("bottom", "6px")
                .set("width", "96%");
        viewer.add(frame, label, slider);

        HorizontalLayout tools = new HorizontalLayout();
        tools.setAlignItems(FlexComponent.Alignment.BASELINE);
        PRESETS.forEach((name, window) -> {
            Button preset = new Button(name, e -> viewer.getElement()
                    .executeJs("this.atriumSetWindow($0, $1)", window.center(), window.width()));
            preset.addClassName("preset");
            preset.addThemeVariants(ButtonVariant.LUMO_SMALL);
            tools.add(preset);
        });
        Button zoomIn =
                new Button(VaadinIcon.PLUS.create(), e -> viewer.getElement().executeJs("this.atriumZoom(1.25)"));
        Button zoomOut =
                new Button(VaadinIcon.MINUS.create(), e -> viewer.getElement().executeJs("this.atriumZoom(0.8)"));
        Button reset = new Button("Reset", e -> viewer.getElement().executeJs("this.atriumZoom(0)"));
        Button header = new Button("DICOM header", VaadinIcon.LIST.create(), e -> showHeader(platform, stack));
        header.setId("show-header");
        tools.add(zoomIn, zoomOut, reset, header);
        toolButtons(platform).forEach(tools::add);
        add(tools, viewer);

        Map<String, Object> stackJson = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> sliceList = new ArrayList<>();
        for (Slices.Slice s : stack.slices()) {
            sliceList.add(Map.of("sop", s.sopInstanceUid(), "frame", s.frame()));
        }
        stackJson.put("slices", sliceList);
        stackJson.put("c", stack.window() == null ? null : stack.window().center());
        stackJson.put("w", stack.window() == null ? null : stack.window().width());
        String json = Json.write(stackJson);
        viewer.getElement().executeJs(SCRIPT, viewer.getElement(), json, servletBase());
        addSegmentations(platform);
    }

    /** The SEG objects made from this series, each with a toggle per segment. */
    private void addSegmentations(Platform platform) {
        List<String> segSeries = derivedSeries(platform, "SEG");
        if (segSeries.isEmpty()) {
            return;
        }
        VerticalLayout panel = new VerticalLayout();
        panel.setId("segments");
        panel.setPadding(false);
        for (String series : segSeries) {
            for (InstanceRecord instance : platform.store().instances(ResearchStore.Level.SERIES, series)) {
                try {
                    Segmentation seg = platform.segmentations()
                            .get(instance.sopInstanceUid(), platform.store().file(instance));
                    addSegmentation(panel, seg);
                } catch (IOException e) {
                    panel.add(
                            new Span("Cannot read segmentation " + instance.sopInstanceUid() + ": " + e.getMessage()));
                }
            }
        }
        add(panel);
    }

    private void addSegmentation(VerticalLayout panel, Segmentation seg) {
        Set<String> sources = new TreeSet<>();
        seg.frames().forEach(f -> {
            if (f.sourceSopInstanceUid() != null) {
                sources.add(f.sourceSopInstanceUid());
            }
        });
        Set<Integer> shown = new LinkedHashSet<>();
        seg.segments().forEach(s -> shown.add(s.number()));
        HorizontalLayout toggles = new HorizontalLayout();
        toggles.add(new Span("Segmentation " + seg.seriesInstanceUid() + ":"));
        Runnable apply = () -> viewer.getElement()
                .executeJs(
                        "this.atriumSetSeg($0, JSON.parse($1), $2)",
                        seg.sopInstanceUid(),
                        Json.write(List.copyOf(sources)),
                        String.join(",", shown.stream().map(String::valueOf).toList()));
        for (Segment segment : seg.segments()) {
            Checkbox toggle =
                    new Checkbox(segment.label() == null ? "Segment " + segment.number() : segment.label(), true);
            toggle.addClassName("segment-toggle");
            toggle.getElement().setAttribute("data-segment", Integer.toString(segment.number()));
            toggle.getStyle()
                    .set("border-left", "12px solid " + String.format(Locale.ROOT, "#%06x", segment.rgb() & 0xFFFFFF))
                    .set("padding-left", "4px");
            toggle.addValueChangeListener(e -> {
                if (e.getValue()) {
                    shown.add(segment.number());
                } else {
                    shown.remove(segment.number());
                }
                apply.run();
            });
            toggles.add(toggle);
        }
        panel.add(toggles);
        apply.run();
    }

    /** Result series (SEG, SR, DOC...) that name this series as their source, found through search. */
    private List<String> derivedSeries(Platform platform, String modality) {
        if (platform.search().isEmpty()) {
            return List.of();
        }
        try {
            var hits = platform.search()
                    .get()
                    .search(new SearchRequest(
                            SearchLevel.SERIES,
                            "ReferencedSeries:\"" + seriesInstanceUid + "\" AND Modality:" + modality,
                            List.of(),
                            "",
                            0,
                            50));
            List<String> series = new ArrayList<>();
            hits.docs().forEach(doc -> series.add(String.valueOf(doc.get("SeriesInstanceUID"))));
            return series;
        } catch (SearchException e) {
            LOG.info("cannot look up segmentations of {}: {}", seriesInstanceUid, e.getMessage());
            return List.of();
        }
    }

    private void showHeader(Platform platform, Slices.Stack stack) {
        viewer.getElement().executeJs("return this.atrium.i").then(Integer.class, index -> {
            Slices.Slice current =
                    stack.slices().get(Math.max(0, Math.min(stack.slices().size() - 1, index)));
            Optional<InstanceRecord> instance = platform.store().instance(current.sopInstanceUid());
            if (instance.isEmpty()) {
                return;
            }
            Dialog dialog = new Dialog();
            dialog.setId("header-dialog");
            dialog.setHeaderTitle("DICOM header of " + current.sopInstanceUid());
            dialog.setWidth("80vw");
            dialog.setHeight("80vh");
            Grid<String[]> grid = new Grid<>();
            grid.addColumn(row -> row[0]).setHeader("Tag").setWidth("130px").setFlexGrow(0);
            grid.addColumn(row -> row[1]).setHeader("Keyword").setSortable(true);
            grid.addColumn(row -> row[2]).setHeader("VR").setWidth("60px").setFlexGrow(0);
            grid.addColumn(row -> row[3]).setHeader("Value").setFlexGrow(3);
            try {
                grid.setItems(headerRows(platform.dicomFiles(), platform.store().file(instance.get())));
            } catch (IOException e) {
                dialog.add(new Span("Cannot read the header: " + e.getMessage()));
            }
            grid.setWidthFull();
            grid.setHeight("65vh");
            grid.setId("header-grid");
            dialog.add(grid);
            dialog.getFooter().add(new Button("Close", e -> dialog.close()));
            dialog.open();
        });
    }

    static List<String[]> headerRows(DicomFiles dicom, Path file) throws IOException {
        Attributes header = dicom.readHeader(file);
        List<String[]> rows = new ArrayList<>();
        for (int tag : header.tags()) {
            String keyword = dicom.keywordOf(tag);
            String vr = header.vr(tag);
            String value = "SQ".equals(vr)
                    ? "(" + header.getSequence(tag).size() + " items)"
                    : String.join(
                            "\\", Optional.ofNullable(header.getStrings(tag)).orElse(new String[0]));
            if (value.length() > 200) {
                value = value.substring(0, 200) + "…";
            }
            rows.add(new String[] {
                String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF),
                keyword == null ? "" : keyword,
                vr == null ? "" : vr,
                value
            });
        }
        return rows;
    }

    private void showReport(Platform platform, Path file) throws IOException {
        StructuredReport report = platform.images().structuredReport(file);
        add(new H3(report.documentTitle() == null ? "Structured Report" : report.documentTitle()));
        add(new Span("Completion: " + report.completionFlag() + ", verification: " + report.verificationFlag()));
        TreeGrid<ReportNode> tree = new TreeGrid<>();
        tree.setId("sr-tree");
        tree.addHierarchyColumn(n -> n.item().conceptMeaning())
                .setHeader("Concept")
                .setFlexGrow(2);
        tree.addColumn(n -> n.item().valueType())
                .setHeader("Type")
                .setWidth("110px")
                .setFlexGrow(0);
        tree.addColumn(n -> n.item().text()).setHeader("Value").setFlexGrow(3);
        tree.addColumn(n -> n.item().relationshipType())
                .setHeader("Relationship")
                .setWidth("150px")
                .setFlexGrow(0);
        ReportNode root = new ReportNode(report.root());
        tree.setItems(List.of(root), ReportNode::children);
        tree.expandRecursively(List.of(root), 20);
        tree.setSizeFull();
        add(tree);
    }

    private void showDocument(String sopInstanceUid) {
        IFrame frame = new IFrame(servletBase() + "/document/" + sopInstanceUid);
        frame.setId("document");
        frame.setSizeFull();
        frame.getStyle().set("border", "none").set("min-height", "75vh");
        add(frame);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        viewer.getElement().executeJs("this.focus && this.focus()");
    }

    private static String script() {
        try (InputStream in = ViewerView.class.getResourceAsStream("viewer.js")) {
            if (in == null) {
                throw new IllegalStateException("viewer.js is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A content item in the tree. The grid needs distinct items, and an SR may hold equal ones (the
     * same text twice under one container), so nodes compare by identity.
     */
    static final class ReportNode {
        private final ContentItem item;
        private final List<ReportNode> children;

        ReportNode(ContentItem item) {
            this.item = item;
            this.children = item.children().stream().map(ReportNode::new).toList();
        }

        ContentItem item() {
            return item;
        }

        List<ReportNode> children() {
            return children;
        }
    }
}
