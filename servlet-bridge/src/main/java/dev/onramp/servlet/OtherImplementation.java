package dev.onramp.servlet;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Jakarta WebSocket implementations that servlet containers bring along, told apart by the class of the
 * {@code ServerContainer} they publish, each with the way to leave it out of an application that uses Onramp. Two
 * implementations cannot share one application: each one's upgrade filter expects its own container under the
 * context attribute, and whichever filter comes first serves the endpoints.
 */
enum OtherImplementation {

    TOMCAT("org.apache.tomcat.websocket.", "Tomcat's own WebSocket implementation (tomcat-websocket)",
            "on Tomcat, set containerSciFilter=\"org\\.apache\\.tomcat\\.websocket\\.server\\.WsSci\" on the"
                    + " application's <Context> (META-INF/context.xml) or remove lib/tomcat-websocket.jar; embedded,"
                    + " leave tomcat-embed-websocket off the class path"),
    JETTY("org.eclipse.jetty.", "Jetty's own WebSocket implementation (jetty-ee11-websocket-jakarta)",
            "on Jetty, leave the ee11-websocket-jakarta module out of the base; embedded, leave Jetty's WebSocket"
                    + " jars off the class path"),
    TYRUS("org.glassfish.tyrus.", "Tyrus (the WebSocket implementation built into Payara and GlassFish)",
            "on Payara, add onramp-payara-fix to WEB-INF/lib (or pass it to Payara Micro with --addLibs): it removes"
                    + " Tyrus's initializer from every application that carries Onramp's; on GlassFish, remove"
                    + " modules/tyrus-container-servlet.jar"),
    UNDERTOW("io.undertow.websockets.", "Undertow's own WebSocket implementation (undertow-websockets-jsr)",
            "on Undertow, leave undertow-websockets-jsr off the class path and attach no WebSocketDeploymentInfo"
                    + " to the deployment");

    private final String packagePrefix;
    private final String name;
    private final String exclusion;

    OtherImplementation(String packagePrefix, String name, String exclusion) {
        this.packagePrefix = packagePrefix;
        this.name = name;
        this.exclusion = exclusion;
    }

    /** Onramp's refusal when another implementation's initializer published {@code container} before Onramp's ran. */
    static String publishedFirst(Object container) {
        return message(container.getClass().getName(),
                "published its ServerContainer in this web application before Onramp's initializer ran");
    }

    /** Onramp's refusal when another implementation's initializer replaced Onramp's container with its own. */
    static String replaced(Object container) {
        return message(container.getClass().getName(),
                "replaced Onramp's ServerContainer in this web application after Onramp's initializer ran");
    }

    /** Onramp's refusal when Tyrus's initializer is registered for the application, whichever runs first. */
    static String tyrusRegistered() {
        return message(TyrusInitializer.CLASS_NAME, "is registered for this web application, and the container runs"
                + " it before or after Onramp's in an order that may change from one start to the next");
    }

    private static String message(String className, String whatHappened) {
        OtherImplementation known = Arrays.stream(values())
                .filter(other -> className.startsWith(other.packagePrefix)).findFirst().orElse(null);
        String how = known != null ? known.exclusion
                : Arrays.stream(values()).map(other -> other.exclusion).collect(Collectors.joining("; "));
        return (known == null ? "Another WebSocket implementation" : known.name) + " (" + className + ") "
                + whatHappened + ". Two WebSocket implementations cannot serve one application, and Onramp does not"
                + " start beside another. Leave the other one out of this application: " + how + ".";
    }
}
