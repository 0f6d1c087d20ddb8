package org.atrium.dicom.net.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Atrium remote DICOM node",
        description = "A PACS, modality or workstation the platform talks to.")
@interface NodeConfig {

    String FACTORY_PID = "org.atrium.dicom.node";

    @AttributeDefinition(description = "Name used at the console and in the UI; defaults to the AE title.")
    String name() default "";

    @AttributeDefinition(description = "The node's AE title.")
    String aeTitle();

    String host();

    int port() default 104;

    @AttributeDefinition(description = "QUERY_RETRIEVE, STORE, MOVE_DESTINATION (any combination).")
    String[] purposes() default {"STORE", "MOVE_DESTINATION"};
}
