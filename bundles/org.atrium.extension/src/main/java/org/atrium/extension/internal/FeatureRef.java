package org.atrium.extension.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Version;

/**
 * An extension feature at one version. Versions are read as Karaf reads them: {@code 1.0-SNAPSHOT}
 * is {@code 1.0.0.SNAPSHOT}, so that a feature file's version and an installed feature's compare.
 */
record FeatureRef(String name, Version version) {

    private static final Pattern MAVEN_STYLE = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:[.\\-_](.*))?");

    static FeatureRef of(String name, String version) {
        return new FeatureRef(name, version(version));
    }

    /** An OSGi version from a feature's version as people write it; a missing one is 0.0.0. */
    static Version version(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return Version.emptyVersion;
        }
        Matcher m = MAVEN_STYLE.matcher(trimmed);
        if (!m.matches()) {
            return new Version(0, 0, 0, qualifier(trimmed));
        }
        return new Version(
                Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                m.group(4) == null ? "" : qualifier(m.group(4)));
    }

    private static String qualifier(String text) {
        return text.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
