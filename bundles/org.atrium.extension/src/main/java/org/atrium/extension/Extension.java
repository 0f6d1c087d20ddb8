package org.atrium.extension;

import java.util.List;

/**
 * An extension feature ({@code atrium-ext-*}) the platform knows.
 *
 * @param feature the feature name
 * @param version the feature version
 * @param description the feature's description
 * @param installed whether it is installed
 * @param vendor the vendor of its algorithms, or of its first bundle
 * @param algorithms {@code id version} of the algorithms its bundles registered
 * @param tools {@code id version} of the tools its bundles registered
 */
public record Extension(
        String feature,
        String version,
        String description,
        boolean installed,
        String vendor,
        List<String> algorithms,
        List<String> tools) {}
