package org.atrium.ui.vaadin.internal.upload;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.atrium.store.Dataset;
import org.atrium.store.IngestContext;
import org.atrium.store.StoreException;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.layout.MainLayout;
import org.atrium.ui.vaadin.internal.session.Session;
import org.atrium.web.WebUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drag and drop DICOM files or zips into the store, optionally into a dataset; a result per file. */
@Route(value = "upload", layout = MainLayout.class)
@PageTitle("Upload · Atrium")
public final class UploadView extends VerticalLayout {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UploadView.class);
    /** Largest upload, a file or a zip's content: 4 GiB. */
    static final long MAX_BYTES = 4L << 30;

    static final int MAX_ZIP_ENTRIES = 100_000;

    private final ComboBox<Dataset> dataset = new ComboBox<>("Into dataset (optional)");
    private final Grid<UploadIngest.Outcome> outcomes = new Grid<>();
    private final List<UploadIngest.Outcome> shown = new ArrayList<>();
    private final Span summary = new Span();

    public UploadView() {
        setSizeFull();
        Platform platform = Platform.current();
        dataset.setId("upload-dataset");
        dataset.setItemLabelGenerator(Dataset::name);
        dataset.setClearButtonVisible(true);
        try {
            dataset.setItems(platform.datasets().list().stream()
                    .filter(d -> !d.savedQuery())
                    .toList());
        } catch (StoreException e) {
            dataset.setHelperText("Datasets unavailable: " + e.getMessage());
        }
        UploadIngest ingest = new UploadIngest(platform.store(), platform.dicomFiles(), MAX_BYTES, MAX_ZIP_ENTRIES);
        String user = Session.user().map(WebUser::name).orElse("unknown");
        UploadHandler handler = new UploadHandler() {
            @Override
            public void handleUploadRequest(UploadEvent event) throws IOException {
                Dataset into = dataset.getValue();
                List<UploadIngest.Outcome> results;
                try (InputStream in = event.getInputStream()) {
                    results =
                            ingest.ingest(event.getFileName(), in, new IngestContext("upload:" + user, "ui", Set.of()));
                }
                Set<String> series = UploadIngest.series(results);
                if (into != null && !series.isEmpty()) {
                    try {
                        platform.datasets().addSeries(into.id(), series);
                    } catch (StoreException e) {
                        results = new ArrayList<>(results);
                        results.add(new UploadIngest.Outcome(
                                event.getFileName(),
                                false,
                                "stored, but not added to the dataset: " + e.getMessage(),
                                null));
                    }
                }
                LOG.info(
                        "{} uploaded {}: {} stored of {}",
                        user,
                        event.getFileName(),
                        results.stream().filter(UploadIngest.Outcome::stored).count(),
                        results.size());
                List<UploadIngest.Outcome> done = results;
                UI ui = event.getUI();
                ui.access(() -> show(done));
            }

            @Override
            public long getFileSizeMax() {
                return MAX_BYTES;
            }

            @Override
            public long getRequestSizeMax() {
                return MAX_BYTES + (1 << 20);
            }
        };
        Upload upload = new Upload(handler);
        upload.setId("upload");
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, MAX_BYTES));
        upload.setDropLabel(new Span("Drop DICOM files or a zip here"));
        upload.addFileRejectedListener(e -> summary.setText(e.getErrorMessage()));
        upload.addAllFinishedListener(e -> outcomes.getDataProvider().refreshAll());

        summary.setId("upload-summary");
        outcomes.setId("upload-results");
        outcomes.addColumn(UploadIngest.Outcome::name).setHeader("File").setFlexGrow(3);
        outcomes.addColumn(o -> o.stored() ? "stored" : "rejected")
                .setHeader("Result")
                .setKey("result");
        outcomes.addColumn(UploadIngest.Outcome::message).setHeader("Message").setFlexGrow(2);
        outcomes.setItems(shown);
        add(
                new H2("Upload"),
                new Paragraph("DICOM Part 10 files, or zips of them, up to " + (MAX_BYTES >> 30)
                        + " GiB each. Files that are not DICOM are rejected and reported below."),
                dataset,
                upload,
                summary,
                outcomes);
    }

    private void show(List<UploadIngest.Outcome> results) {
        shown.addAll(results);
        outcomes.getDataProvider().refreshAll();
        long stored = shown.stream().filter(UploadIngest.Outcome::stored).count();
        summary.setText(stored + " stored, " + (shown.size() - stored) + " rejected");
    }
}
