package org.atrium.web.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configuration instances as SCR would make them: the annotation's defaults unless overridden. */
final class Configs {

    private Configs() {}

    /** {@code overrides} by method name, such as {@code port} or {@code keystore_path}. */
    static WebConfig web(Map<String, Object> overrides) {
        return (WebConfig) Proxy.newProxyInstance(
                WebConfig.class.getClassLoader(), new Class<?>[] {WebConfig.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (overrides.containsKey(name)) {
                        return overrides.get(name);
                    }
                    return switch (name) {
                        case "annotationType" -> WebConfig.class;
                        case "toString" -> "WebConfig" + overrides;
                        case "hashCode" -> overrides.hashCode();
                        case "equals" -> proxy == args[0];
                        default -> method.getDefaultValue();
                    };
                });
    }

    /** Plain HTTP on a free port of the loopback interface. */
    static WebConfig loopback() {
        return web(Map.of("host", "127.0.0.1", "port", 0));
    }
}
