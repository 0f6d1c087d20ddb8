package org.atrium.dicom.net.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Atrium DICOM listener",
        description = "An AE title and port where the platform accepts associations.")
@interface ListenerConfiguration {

    String FACTORY_PID = "org.atrium.dicom.listener";
    String DEFAULT_AE_TITLE = "ATRIUM";
    int DEFAULT_PORT = 11112;
    int DEFAULT_MAX_ASSOCIATIONS = 32;
    int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    int DEFAULT_MAX_PDU_LENGTH = 262_144;

    String aeTitle() default DEFAULT_AE_TITLE;

    int port() default DEFAULT_PORT;

    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(description = "Further called AE titles this listener answers to, e.g. one per dataset.")
    String[] aliases() default {};

    @AttributeDefinition(description = "Calling AE titles allowed in; empty allows every AE title.")
    String[] allowedCallingAets() default {};

    @AttributeDefinition(description = "Remote IP addresses allowed in; empty allows every host.")
    String[] allowedHosts() default {};

    @AttributeDefinition(description = "Project/dataset labels given to every series received here.")
    String[] labels() default {};

    @AttributeDefinition(description = "Labels by AE title, calling or called: entries AET=label.")
    String[] routes() default {};

    @AttributeDefinition(description = "Serve C-FIND, C-MOVE and C-GET on the research store.")
    boolean queryRetrieve() default true;

    int maxAssociations() default DEFAULT_MAX_ASSOCIATIONS;

    int idleTimeoutSeconds() default DEFAULT_IDLE_TIMEOUT_SECONDS;

    int maxPduLength() default DEFAULT_MAX_PDU_LENGTH;

    @AttributeDefinition(
            description = "Keystore (PKCS12) with the listener's key and certificate; empty means plain TCP.")
    String tlsKeystore() default "";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String tlsKeystorePassword() default "";

    String tlsKeystoreType() default "PKCS12";

    @AttributeDefinition(description = "Truststore of the peers' certificates; set, peers must present one of them.")
    String tlsTruststore() default "";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String tlsTruststorePassword() default "";
}
