package org.atrium.ui.vaadin.internal.datasets;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
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
        what.setItems(choices);
        what.setItemLabelGenerator(c -> c.equals(SELECTED) ? c + " (" + selectedSeries.size() + ")" : c);
        if (!choices.isEmpty()) {
            what.setValue(choices.get(0));
        }
        add(name, what);
        if (choices.isEmpty()) {
            what.setHelperText("Select series in the list, or filter the dashboard, first.");
        }
        Button save = new Button("Save", e -> {
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
}
