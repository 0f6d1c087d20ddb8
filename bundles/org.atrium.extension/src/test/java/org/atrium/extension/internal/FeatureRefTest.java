package org.atrium.extension.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class FeatureRefTest {

    @Test
    void readsVersionsAsKarafDoes() {
        assertEquals(new Version(1, 0, 0, "SNAPSHOT"), FeatureRef.version("1.0.0-SNAPSHOT"));
        assertEquals(new Version(1, 0, 0, "SNAPSHOT"), FeatureRef.version("1.0.0.SNAPSHOT"));
        assertEquals(new Version(2, 0, 0), FeatureRef.version("2.0"));
        assertEquals(new Version(3, 0, 0, "beta"), FeatureRef.version("3-beta"));
        assertEquals(Version.emptyVersion, FeatureRef.version(""));
        assertEquals(Version.emptyVersion, FeatureRef.version(null));
        assertEquals(new Version(0, 0, 0, "latest"), FeatureRef.version("latest"));
    }

    @Test
    void ordersVersionsNumerically() {
        assertTrue(FeatureRef.version("2.0.0-SNAPSHOT").compareTo(FeatureRef.version("1.0.0-SNAPSHOT")) > 0);
        assertTrue(FeatureRef.version("1.10.0").compareTo(FeatureRef.version("1.9.2")) > 0);
    }

    @Test
    void namesItselfWithItsVersion() {
        assertEquals(
                "atrium-ext-noop 1.0.0.SNAPSHOT",
                FeatureRef.of("atrium-ext-noop", "1.0.0-SNAPSHOT").toString());
    }
}
