package org.atrium.ui.vaadin.internal.datasets;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.Arrays;
import java.util.List;
import org.atrium.store.Dataset;
import org.atrium.store.Datasets;
import org.atrium.store.StoreException;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.layout.MainLayout;
import org.atrium.ui.vaadin.internal.viewer.ViewerView;

/** The site's datasets: list, rename, delete; the series of one, with add and remove. */
@Route(value = "datasets", layout = MainLayout.class)
@PageTitle("Datasets · Atrium")
public final class DatasetsView extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    private final Grid<Dataset> grid = new Grid<>();
    private final VerticalLayout detail = new VerticalLayout();

    public DatasetsView() {
        setSizeFull();
        grid.setId("datasets");
        grid.addColumn(Dataset::name).setHeader("Name").setSortable(true).setKey("name");
        grid.addColumn(d -> d.savedQuery() ? "saved query: " + d.query() : "explicit series")
                .setHeader("Kind");
        grid.addColumn(d -> d.savedQuery() ? "" : Integer.toString(d.seriesCount()))
                .setHeader("Series")
                .setKey("series");
        grid.addColumn(Dataset::owner).setHeader("Owner");
        grid.addColumn(d -> d.created().toString()).setHeader("Created");
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresentOrElse(this::showDetail, detail::removeAll));
        grid.setHeight("40%");
        add(new H2("Datasets"), grid, detail);
        reload();
    }

    private Datasets datasets() {
        return Platform.current().datasets();
    }

    private void reload() {
        try {
            grid.setItems(datasets().list());
        } catch (StoreException e) {
            error(e.getMessage());
        }
    }

    private HorizontalLayout actions(Dataset dataset) {
        Button rename = new Button(VaadinIcon.EDIT.create(), e -> rename(dataset));
        rename.addClassName("rename-dataset");
        rename.getElement().setAttribute("title", "Rename");
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> delete(dataset));
        delete.addClassName("delete-dataset");
        delete.getElement().setAttribute("title", "Delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        return new HorizontalLayout(rename, delete);
    }

    private void rename(Dataset dataset) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Rename " + dataset.name());
        TextField name = new TextField("New name", dataset.name(), "");
        name.setId("rename-to");
        dialog.add(name);
        Button ok = new Button("Rename", e -> {
            try {
                datasets().rename(dataset.id(), name.getValue().trim());
                dialog.close();
                reload();
            } catch (StoreException | IllegalArgumentException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
            }
        });
        ok.setId("rename-ok");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), ok);
        dialog.open();
    }

    private void delete(Dataset dataset) {
        ConfirmDialog confirm = new ConfirmDialog(
                "Delete " + dataset.name() + "?", "The dataset goes; its images stay in the store.", "Delete", e -> {
                    try {
                        datasets().delete(dataset.id());
                        detail.removeAll();
                        reload();
                    } catch (StoreException ex) {
                        error(ex.getMessage());
                    }
                });
        confirm.setConfirmButtonTheme("error primary");
        confirm.setCancelable(true);
        confirm.setId("confirm-delete");
        confirm.open();
    }

    private void showDetail(Dataset dataset) {
        detail.removeAll();
        detail.setPadding(false);
        if (dataset.savedQuery()) {
            detail.add(new Span("Saved query: " + dataset.query()
                    + ". Its series are whatever matches now; open the dashboard with this query to see them."));
            return;
        }
        Grid<String> series = new Grid<>();
        series.setId("dataset-series");
        series.addColumn(uid -> uid).setHeader("Series Instance UID");
        series.addComponentColumn(uid -> {
                    Button view = new Button(
                            VaadinIcon.EYE.create(), e -> getUI().ifPresent(ui -> ui.navigate(ViewerView.class, uid)));
                    Button remove = new Button(VaadinIcon.MINUS_CIRCLE.create(), e -> {
                        try {
                            datasets().removeSeries(dataset.id(), List.of(uid));
                            refreshDetail(dataset.id());
                        } catch (StoreException ex) {
                            error(ex.getMessage());
                        }
                    });
                    remove.addClassName("remove-series");
                    return new HorizontalLayout(view, remove);
                })
                .setAutoWidth(true)
                .setFlexGrow(0);
        TextArea add = new TextArea("Add series (Series Instance UIDs, one per line)");
        add.setId("add-series");
        add.setWidthFull();
        Button addButton = new Button("Add", e -> {
            List<String> uids = Arrays.stream(add.getValue().split("[\\s,;]+"))
                    .filter(s -> !s.isBlank())
                    .toList();
            try {
                datasets().addSeries(dataset.id(), uids);
                add.clear();
                refreshDetail(dataset.id());
            } catch (StoreException | IllegalArgumentException ex) {
                error(ex.getMessage());
            }
        });
        addButton.setId("add-series-button");
        try {
            series.setItems(datasets().series(dataset.id()));
        } catch (StoreException e) {
            error(e.getMessage());
        }
        detail.add(new Span("Series of " + dataset.name()), series, add, addButton);
    }

    private void refreshDetail(long id) {
        reload();
        try {
            datasets().get(id).ifPresent(d -> {
                grid.select(d);
                showDetail(d);
            });
        } catch (StoreException e) {
            error(e.getMessage());
        }
    }

    private static void error(String message) {
        Notification.show(message, 5000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
