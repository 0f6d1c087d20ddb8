package org.atrium.dicom.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTest {

    @Test
    void labelsComeFromTheListenerAndTheCallingAeTitle() {
        Routing routing = new Routing(new String[] {"research"}, new String[] {"CT1=chest-ct, MR1=neuro", "CT1=lung"});

        assertEquals(Set.of("research", "chest-ct", "lung"), routing.labelsFor("CT1"));
        assertEquals(Set.of("research", "neuro"), routing.labelsFor("MR1"));
        assertEquals(Set.of("research"), routing.labelsFor("OTHER"));
    }

    @Test
    void emptyConfigurationValuesMeanNoRoutes() {
        Routing routing = new Routing(new String[] {""}, new String[] {""});

        assertEquals(Set.of(), routing.labelsFor("ANY"));
    }

    @Test
    void aRouteWithoutLabelIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Routing(new String[0], new String[] {"CT1="}));
        assertEquals("route must read CALLING_AET=label: 'CT1='", e.getMessage());
    }
}
