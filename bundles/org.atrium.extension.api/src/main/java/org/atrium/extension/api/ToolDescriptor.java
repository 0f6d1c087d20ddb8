package org.atrium.extension.api;

import java.util.Objects;

/** What a tool is and what it accepts. */
public record ToolDescriptor(
        String id, String version, String vendor, String name, String description, InputConstraints inputs) {

    public ToolDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        vendor = vendor == null ? "" : vendor;
        name = name == null ? id : name;
        description = description == null ? "" : description;
        inputs = inputs == null ? InputConstraints.ANY : inputs;
    }
}
