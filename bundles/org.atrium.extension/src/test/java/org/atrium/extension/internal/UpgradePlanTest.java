package org.atrium.extension.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atrium.extension.ExtensionException;
import org.junit.jupiter.api.Test;

class UpgradePlanTest {

    private static final FeatureRef NOOP_1 = FeatureRef.of("atrium-ext-noop", "1.0.0-SNAPSHOT");
    private static final FeatureRef NOOP_2 = FeatureRef.of("atrium-ext-noop", "2.0.0-SNAPSHOT");
    private static final FeatureRef OTHER = FeatureRef.of("atrium-ext-other", "0.5.0");

    @Test
    void aNewerVersionReplacesTheInstalledOne() throws ExtensionException {
        UpgradePlan plan = UpgradePlan.of(List.of(NOOP_2), List.of(OTHER, NOOP_1));
        assertEquals(List.of(NOOP_1), plan.replaced());
    }

    @Test
    void aFreshExtensionOrTheSameVersionReplacesNothing() throws ExtensionException {
        assertEquals(List.of(), UpgradePlan.of(List.of(NOOP_2), List.of(OTHER)).replaced());
        assertEquals(List.of(), UpgradePlan.of(List.of(NOOP_2), List.of(NOOP_2)).replaced());
    }

    @Test
    void everyOlderVersionInstalledIsReplaced() throws ExtensionException {
        FeatureRef noop15 = FeatureRef.of("atrium-ext-noop", "1.5.0");
        UpgradePlan plan = UpgradePlan.of(List.of(NOOP_2), List.of(NOOP_1, noop15, NOOP_2));
        assertEquals(List.of(NOOP_1, noop15), plan.replaced());
    }

    @Test
    void anOlderVersionIsRefused() {
        ExtensionException refused =
                assertThrows(ExtensionException.class, () -> UpgradePlan.of(List.of(NOOP_1), List.of(NOOP_2)));
        assertTrue(refused.getMessage().contains("atrium-ext-noop 2.0.0.SNAPSHOT is installed"), refused.getMessage());
        assertTrue(refused.getMessage().contains("uninstall it first"), refused.getMessage());
    }
}
