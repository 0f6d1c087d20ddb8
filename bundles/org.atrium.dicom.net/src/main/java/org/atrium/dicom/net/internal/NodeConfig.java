package org.atrium.dicom.net.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
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

    @AttributeDefinition(
            description = "Associate with the node over TLS 1.2 or 1.3 (every operation, C-MOVE sub-operations"
                    + " sent to it included).")
    boolean tls() default false;

    @AttributeDefinition(
            description = "Truststore (PKCS12 or JKS) with the node's certificate or its CA; empty: the JVM's default"
                    + " certificate authorities.")
    String tlsTruststore() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD)
    String tlsTruststorePassword() default "";

    @AttributeDefinition(
            description = "Keystore with our key and client certificate, for nodes that ask for one; empty: none.")
    String tlsKeystore() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD)
    String tlsKeystorePassword() default "";

    @AttributeDefinition(description = "PKCS12 or JKS.")
    String tlsKeystoreType() default "PKCS12";
}
