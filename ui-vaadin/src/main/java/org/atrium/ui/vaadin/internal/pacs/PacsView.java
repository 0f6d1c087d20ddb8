package org.atrium.ui.vaadin.internal.pacs;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.QueryLevel;
import org.atrium.dicom.net.RemoteNode;
import org.atrium.pacs.ImportJob;
import org.atrium.pacs.ImportMethod;
import org.atrium.pacs.ImportRequest;
import org.atrium.pacs.Imports;
import org.atrium.pacs.PacsQuery;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.layout.MainLayout;
import org.atrium.ui.vaadin.internal.layout.Polling;
import org.atrium.ui.vaadin.internal.session.Session;

/**
 * Searches a clinical PACS (C-FIND at study level), imports the chosen studies into the research
 * store by C-MOVE or C-GET, and follows the imports with progress bars (polled every 2 s).
 */
@Route(value = "pacs", layout = MainLayout.class)
@PageTitle("PACS · Atrium")
public final class PacsView extends VerticalLayout {

    private static final long serialVersionUID = 1L;
    private static final int POLL_MS = 2000;
    /** Search fields: DICOM keyword to label. */
    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("PatientID", "Patient ID");
        KEYS.put("PatientName", "Patient name (wildcards * ?)");
        KEYS.put("StudyDate", "Study date (YYYYMMDD-YYYYMMDD)");
        KEYS.put("AccessionNumber", "Accession number");
        KEYS.put("ModalitiesInStudy", "Modality");
        KEYS.put("StudyDescription", "Study description");
    }

    private final ComboBox<RemoteNode> node = new ComboBox<>("PACS");
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final Select<ImportMethod> method = new Select<>();
    private final Grid<Map<String, String>> studies = new Grid<>();
    private final Grid<ImportJob> imports = new Grid<>();

    public PacsView() {
        setSizeFull();
        add(new H2("Clinical PACS"));
        Platform platform = Platform.current();
        Optional<PacsQuery> query = platform.pacsQuery();
        Optional<Imports> importer = platform.imports();
        if (query.isEmpty() || importer.isEmpty() || platform.nodes().isEmpty()) {
            add(new Span("The PACS connection is not running."));
            return;
        }
        node.setId("pacs-node");
        node.setItems(platform.nodes().get().list().stream()
                .filter(n -> n.purposes().contains(RemoteNode.Purpose.QUERY_RETRIEVE))
                .toList());
        node.setItemLabelGenerator(n -> n.node().name() + " (" + n.node().aeTitle() + ")");
        HorizontalLayout keys = new HorizontalLayout(node);
        keys.setWrap(true);
        KEYS.forEach((keyword, label) -> {
            TextField field = new TextField(label);
            field.getElement().setAttribute("data-key", keyword);
            fields.put(keyword, field);
            keys.add(field);
        });
        Button find = new Button("Search the PACS", e -> find(query.get()));
        find.setId("pacs-find");
        find.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        studies.setId("pacs-studies");
        studies.setSelectionMode(Grid.SelectionMode.MULTI);
        column("PatientName", "Patient");
        column("PatientID", "Patient ID");
        column("StudyDate", "Date");
        column("AccessionNumber", "Accession");
        column("ModalitiesInStudy", "Modalities");
        column("StudyDescription", "Study");
        column("NumberOfStudyRelatedInstances", "Images");
        studies.setHeight("35%");

        method.setLabel("Retrieve by");
        method.setItems(ImportMethod.MOVE, ImportMethod.GET);
        method.setItemLabelGenerator(m -> m == ImportMethod.MOVE ? "C-MOVE" : "C-GET");
        method.setValue(ImportMethod.MOVE);
        Button start = new Button("Import selected studies", e -> importSelected(importer.get()));
        start.setId("pacs-import");
        HorizontalLayout importBar = new HorizontalLayout(method, start);
        importBar.setAlignItems(FlexComponent.Alignment.BASELINE);

        imports.setId("imports");
        imports.addColumn(ImportJob::id).setHeader("#").setWidth("70px").setFlexGrow(0);
        imports.addColumn(ImportJob::node).setHeader("PACS");
        imports.addColumn(j -> j.method() == ImportMethod.MOVE ? "C-MOVE" : "C-GET")
                .setHeader("By");
        imports.addColumn(j -> j.state().name().toLowerCase())
                .setHeader("State")
                .setKey("state");
        imports.addColumn(LitRenderer.<ImportJob>of(
                                "<vaadin-progress-bar value=\"${item.p}\"></vaadin-progress-bar>${item.n}")
                        .withProperty(
                                "p", j -> j.expected() <= 0 ? 0 : Math.min(1.0, j.received() / (double) j.expected()))
                        .withProperty("n", j -> j.received() + " of " + Math.max(0, j.expected())))
                .setHeader("Instances")
                .setFlexGrow(2);
        imports.addColumn(j -> j.items().stream()
                        .map(i -> i.message())
                        .filter(m -> m != null && !m.isBlank())
                        .findFirst()
                        .orElse(""))
                .setHeader("Message")
                .setFlexGrow(2);
        imports.addComponentColumn(j -> actions(importer.get(), j))
                .setAutoWidth(true)
                .setFlexGrow(0);
        add(keys, find, studies, importBar, new H3("Imports"), imports);
        setFlexGrow(1, imports);
        refresh(importer.get());
        Polling.whileAttached(this, POLL_MS, () -> Platform.current().imports().ifPresent(this::refresh));
    }

    private void column(String keyword, String header) {
        studies.addColumn(study ->
                        study.getOrDefault(keyword, "").replace('^', ' ').trim())
                .setHeader(header)
                .setSortable(true)
                .setResizable(true);
    }

    private void find(PacsQuery query) {
        if (node.getValue() == null) {
            node.setInvalid(true);
            node.setErrorMessage("Pick a PACS.");
            return;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        fields.forEach((keyword, field) -> {
            if (!field.getValue().isBlank()) {
                keys.put(keyword, field.getValue().trim());
            }
        });
        try {
            studies.setItems(query.find(node.getValue().node().name(), QueryLevel.STUDY, keys));
        } catch (IOException | DicomException | RuntimeException e) {
            error("The PACS did not answer the query: " + e.getMessage());
        }
    }

    private void importSelected(Imports importer) {
        List<String> uids = studies.getSelectedItems().stream()
                .map(s -> s.get("StudyInstanceUID"))
                .filter(uid -> uid != null && !uid.isBlank())
                .toList();
        if (uids.isEmpty() || node.getValue() == null) {
            error("Search the PACS and select studies first.");
            return;
        }
        try {
            ImportJob job = importer.create(new ImportRequest(
                    node.getValue().node().name(),
                    method.getValue(),
                    uids,
                    List.of(),
                    Session.user().map(u -> u.name()).orElse("")));
            Notification.show(
                            "Import " + job.id() + " queued: " + uids.size()
                                    + (uids.size() == 1 ? " study" : " studies"),
                            3000,
                            Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (RuntimeException e) {
            error(e.getMessage());
        }
        refresh(importer);
    }

    private HorizontalLayout actions(Imports importer, ImportJob job) {
        HorizontalLayout actions = new HorizontalLayout();
        if (!job.state().terminal()) {
            Button cancel = new Button("Cancel", e -> {
                importer.cancel(job.id());
                refresh(importer);
            });
            cancel.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            actions.add(cancel);
        } else if (job.state() != org.atrium.pacs.ImportState.COMPLETE) {
            Button retry = new Button("Retry", e -> {
                importer.retry(job.id());
                refresh(importer);
            });
            retry.addThemeVariants(ButtonVariant.LUMO_SMALL);
            actions.add(retry);
        }
        return actions;
    }

    private void refresh(Imports importer) {
        imports.setItems(importer.list(200));
    }

    private static void error(String message) {
        Notification.show(message, 6000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
