package org.atrium.dicom.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link DicomToolkitComponent} (PID {@value DicomToolkitComponent#PID}). */
@ObjectClassDefinition(
        name = "Atrium DICOM toolkit",
        description = "Timeouts of the DICOM client (service class user) operations.")
public @interface DicomToolkitConfig {

    int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    int DEFAULT_RESPONSE_TIMEOUT_SECONDS = 60;
    int DEFAULT_RETRIEVE_TIMEOUT_SECONDS = 600;

    @AttributeDefinition(
            name = "Connect timeout (s)",
            description = "Waiting for the TCP connection to a node.",
            min = "1")
    int connectTimeoutSeconds() default DEFAULT_CONNECT_TIMEOUT_SECONDS;

    @AttributeDefinition(
            name = "Response timeout (s)",
            description = "Waiting for the answer to an association request and for each DIMSE response.",
            min = "1")
    int responseTimeoutSeconds() default DEFAULT_RESPONSE_TIMEOUT_SECONDS;

    @AttributeDefinition(
            name = "Retrieve timeout (s)",
            description = "Waiting for the next C-MOVE or C-GET response while the node performs its sub-operations.",
            min = "1")
    int retrieveTimeoutSeconds() default DEFAULT_RETRIEVE_TIMEOUT_SECONDS;
}
