package org.atrium.ui.vaadin.internal.workflows;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.web.JsonReader;

/**
 * A form for an algorithm's parameters, made from its JSON Schema: a field per property (text,
 * number, integer, checkbox, or a choice for {@code enum}), with its default, bounds and
 * description. The platform validates the values again before any job starts.
 */
final class ParameterForm extends FormLayout {

    private static final long serialVersionUID = 1L;

    private final Map<String, HasValue<?, ?>> fields = new LinkedHashMap<>();

    ParameterForm(String schema) {
        setId("parameter-form");
        Map<String, Object> root;
        try {
            root = JsonReader.readObject(schema);
        } catch (RuntimeException e) {
            root = Map.of();
        }
        if (!(root.get("properties") instanceof Map<?, ?> properties)) {
            return;
        }
        List<?> required = root.get("required") instanceof List<?> list ? list : List.of();
        properties.forEach((key, value) -> {
            if (value instanceof Map<?, ?> property) {
                add(String.valueOf(key), property, required.contains(key));
            }
        });
    }

    private void add(String name, Map<?, ?> property, boolean required) {
        String label = property.get("title") instanceof String title ? title : name;
        String help = property.get("description") instanceof String d ? d : "";
        Object fallback = property.get("default");
        String type = String.valueOf(property.get("type"));
        AbstractField<?, ?> field;
        if (property.get("enum") instanceof List<?> choices) {
            Select<String> select = new Select<>();
            select.setLabel(label);
            select.setItems(choices.stream().map(String::valueOf).toList());
            if (fallback != null) {
                select.setValue(String.valueOf(fallback));
            }
            select.setHelperText(help);
            field = select;
        } else if (type.equals("boolean")) {
            Checkbox box = new Checkbox(label, Boolean.TRUE.equals(fallback));
            field = box;
        } else if (type.equals("integer")) {
            IntegerField number = new IntegerField(label);
            if (fallback instanceof Number n) {
                number.setValue(n.intValue());
            }
            if (property.get("minimum") instanceof Number min) {
                number.setMin(min.intValue());
            }
            if (property.get("maximum") instanceof Number max) {
                number.setMax(max.intValue());
            }
            number.setStepButtonsVisible(true);
            number.setHelperText(help);
            field = number;
        } else if (type.equals("number")) {
            NumberField number = new NumberField(label);
            if (fallback instanceof Number n) {
                number.setValue(n.doubleValue());
            }
            if (property.get("minimum") instanceof Number min) {
                number.setMin(min.doubleValue());
            }
            if (property.get("maximum") instanceof Number max) {
                number.setMax(max.doubleValue());
            }
            number.setHelperText(help);
            field = number;
        } else {
            TextField text = new TextField(label);
            if (fallback != null) {
                text.setValue(String.valueOf(fallback));
            }
            text.setHelperText(help);
            field = text;
        }
        field.getElement().setAttribute("data-parameter", name);
        if (required) {
            field.setRequiredIndicatorVisible(true);
        }
        fields.put(name, field);
        add(field);
    }

    /** The values entered; empty fields are left out, so that the schema's defaults apply. */
    Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        fields.forEach((name, field) -> {
            Object value = field.getValue();
            if (value != null && !(value instanceof String s && s.isBlank())) {
                values.put(name, value);
            }
        });
        return values;
    }
}
