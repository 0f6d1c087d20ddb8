package org.atrium.dicom.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTest {

    @Test
    void labelsComeFromTheListenerAndTheCallingAeTitle() {
        Routing routing = new Routing(new String[] {"research"}, new String[] {"CT1=chest-ct, MR1=neuro", "CT1=lung"});

        assertEquals(Set.of("research", "chest-ct", "lung"), routing.labelsFor("CT1", "ATRIUM"));
        assertEquals(Set.of("research", "neuro"), routing.labelsFor("MR1", "ATRIUM"));
        assertEquals(Set.of("research"), routing.labelsFor("OTHER", "ATRIUM"));
    }

    @Test
    void theCalledAeTitleRoutesToo() {
        Routing routing = new Routing(new String[0], new String[] {"LUNG_STUDY=lung-cohort", "CT1=chest-ct"});

        assertEquals(Set.of("lung-cohort"), routing.labelsFor("ANY", "LUNG_STUDY"));
        assertEquals(Set.of("lung-cohort", "chest-ct"), routing.labelsFor("CT1", "LUNG_STUDY"));
    }

    @Test
    void emptyConfigurationValuesMeanNoRoutes() {
        Routing routing = new Routing(new String[] {""}, new String[] {""});

        assertEquals(Set.of(), routing.labelsFor("ANY", "ATRIUM"));
    }

    @Test
    void aRouteWithoutLabelIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Routing(new String[0], new String[] {"CT1="}));
        assertEquals("route must read AET=label: 'CT1='", e.getMessage());
    }
}
