package org.atrium.ui.vaadin.internal.datasets;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import java.util.ArrayList;
import java.util.List;
import org.atrium.store.Dataset;
import org.atrium.store.StoreException;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.session.Session;
import org.atrium.web.WebUser;

/** Saves the dashboard's selected series, or its current filter as a saved query, under a name. */
public final class SaveDatasetDialog extends Dialog {

    private static final long serialVersionUID = 1L;
    static final String SELECTED = "The selected series";
    static final String FILTER = "The current filter (a saved query, follows new data)";
    static final String ADD = "Add the selected series to an existing dataset";

    /** The search bar and filters as one query; null when there is neither. */
    public static String savedQuery(String q, List<String> filters) {
        List<String> parts = new ArrayList<>();
        if (!q.isBlank()) {
            parts.add("(" + q + ")");
        }
        filters.forEach(f -> parts.add("(" + f + ")"));
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    public SaveDatasetDialog(List<String> selectedSeries, String savedQuery, Runnable saved) {
        setHeaderTitle("Save as dataset");
        setId("save-dataset-dialog");
        TextField name = new TextField("Name");
        name.setId("dataset-name");
        name.setRequired(true);
        name.setWidthFull();
        RadioButtonGroup<String> what = new RadioButtonGroup<>("What to save");
        what.setId("dataset-kind");
        List<String> choices = new ArrayList<>();
        if (!selectedSeries.isEmpty()) {
            choices.add(SELECTED);
        }
        if (savedQuery != null) {
            choices.add(FILTER);
        }
        List<Dataset> explicit = explicitDatasets();
        if (!selectedSeries.isEmpty() && !explicit.isEmpty()) {
            choices.add(ADD);
        }
        ComboBox<Dataset> existing = new ComboBox<>("Existing dataset");
        existing.setId("existing-dataset");
        existing.setItems(explicit);
        existing.setItemLabelGenerator(Dataset::name);
        existing.setVisible(false);
        existing.setWidthFull();
        what.setItems(choices);
        what.setItemLabelGenerator(
                c -> c.equals(SELECTED) || c.equals(ADD) ? c + " (" + selectedSeries.size() + ")" : c);
        if (!choices.isEmpty()) {
            what.setValue(choices.get(0));
        }
        what.addValueChangeListener(e -> {
            boolean adding = ADD.equals(e.getValue());
            existing.setVisible(adding);
            name.setVisible(!adding);
        });
        add(name, what, existing);
        if (choices.isEmpty()) {
            what.setHelperText("Select series in the list, or filter the dashboard, first.");
        }
        Button save = new Button("Save", e -> {
            if (ADD.equals(what.getValue())) {
                addToExisting(existing, selectedSeries, saved);
                return;
            }
            String chosenName = name.getValue().trim();
            if (chosenName.isEmpty()) {
                name.setInvalid(true);
                name.setErrorMessage("A dataset needs a name.");
                return;
            }
            if (what.getValue() == null) {
                return;
            }
            String owner = Session.user().map(WebUser::name).orElse("");
            try {
                Dataset created = what.getValue().equals(SELECTED)
                        ? Platform.current().datasets().create(chosenName, null, selectedSeries, owner)
                        : Platform.current().datasets().create(chosenName, savedQuery, List.of(), owner);
                Notification.show("Saved dataset " + created.name(), 3000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                close();
                saved.run();
            } catch (StoreException | IllegalArgumentException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
            }
        });
        save.setId("dataset-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setEnabled(!choices.isEmpty());
        getFooter().add(new Button("Cancel", e -> close()), save);
    }

    private void addToExisting(ComboBox<Dataset> existing, List<String> series, Runnable saved) {
        Dataset into = existing.getValue();
        if (into == null) {
            existing.setInvalid(true);
            existing.setErrorMessage("Pick a dataset.");
            return;
        }
        try {
            int count = Platform.current().datasets().addSeries(into.id(), series);
            Notification.show(into.name() + " now has " + count + " series", 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            close();
            saved.run();
        } catch (StoreException | IllegalArgumentException ex) {
            existing.setInvalid(true);
            existing.setErrorMessage(ex.getMessage());
        }
    }

    private static List<Dataset> explicitDatasets() {
        try {
            return Platform.current().datasets().list().stream()
                    .filter(d -> !d.savedQuery())
                    .toList();
        } catch (StoreException e) {
            return List.of();
        }
    }
}
