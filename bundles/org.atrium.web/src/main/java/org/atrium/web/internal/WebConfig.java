package org.atrium.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = WebServer.PID,
        name = "Atrium web server",
        description = "The one HTTP port of the platform: REST API, UI and DICOMweb")
@interface WebConfig {

    String DEFAULT_HOST = "0.0.0.0";
    int DEFAULT_PORT = 8080;
    String DEFAULT_KEYSTORE_TYPE = "PKCS12";
    String DEFAULT_REALM = "karaf";
    int DEFAULT_TOKEN_HOURS = 12;
    int DEFAULT_SESSION_TIMEOUT_MINUTES = 30;

    @AttributeDefinition(name = "Host", description = "Address to listen on; 0.0.0.0 for all IPv4 interfaces")
    String host() default DEFAULT_HOST;

    @AttributeDefinition(name = "Port", description = "TCP port; 0 picks a free one", min = "0", max = "65535")
    int port() default DEFAULT_PORT;

    @AttributeDefinition(
            name = "Keystore path",
            description = "Keystore holding the server's key and certificate; empty serves plain HTTP",
            required = false)
    String keystore_path() default "";

    @AttributeDefinition(name = "Keystore password", type = AttributeType.PASSWORD, required = false)
    String keystore_password() default "";

    @AttributeDefinition(name = "Keystore type", description = "PKCS12 or JKS", required = false)
    String keystore_type() default DEFAULT_KEYSTORE_TYPE;

    @AttributeDefinition(
            name = "JAAS realm",
            description = "Realm that checks API users: karaf (users.properties) or an LDAP realm")
    String realm() default DEFAULT_REALM;

    @AttributeDefinition(
            name = "Token lifetime (hours)",
            description = "How long a token from POST /api/v1/tokens stays valid",
            min = "1")
    int tokenHours() default DEFAULT_TOKEN_HOURS;

    @AttributeDefinition(
            name = "Session timeout (minutes)",
            description = "A browser session of the UI ends after this long without a request",
            min = "1")
    int session_timeout_minutes() default DEFAULT_SESSION_TIMEOUT_MINUTES;
}
