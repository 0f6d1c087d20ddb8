package org.atrium.extension.api;

import java.util.Objects;

/**
 * What an algorithm is and needs.
 *
 * @param id stable identifier, such as {@code org.example.lung-seg}
 * @param version the algorithm's version, recorded with every job and result
 * @param vendor who ships it
 * @param name short human-readable name
 * @param description a sentence or two for the UI
 * @param inputs the series it accepts
 * @param parameterSchema a JSON Schema (draft 2020-12 subset: object with typed properties,
 *     {@code required}, {@code default}, {@code minimum}/{@code maximum}, {@code enum}) of its
 *     parameters; the UI renders the form from it and the platform refuses parameters that violate
 *     it before any job starts. {@code {"type":"object"}} for none.
 * @param resources what one run needs
 * @param scope one job per series or one per dataset
 */
public record AlgorithmDescriptor(
        String id,
        String version,
        String vendor,
        String name,
        String description,
        InputConstraints inputs,
        String parameterSchema,
        Resources resources,
        Scope scope) {

    public AlgorithmDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        vendor = vendor == null ? "" : vendor;
        name = name == null ? id : name;
        description = description == null ? "" : description;
        inputs = inputs == null ? InputConstraints.ANY : inputs;
        parameterSchema = parameterSchema == null ? "{\"type\":\"object\"}" : parameterSchema;
        resources = resources == null ? Resources.DEFAULT : resources;
        scope = scope == null ? Scope.SERIES : scope;
    }

    /** How the platform cuts a workflow into jobs. */
    public enum Scope {
        /** One job per input series. */
        SERIES,
        /** One job for the whole dataset. */
        DATASET
    }
}
