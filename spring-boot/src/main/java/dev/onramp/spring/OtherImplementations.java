package dev.onramp.spring;

import dev.onramp.servlet.OnrampServerContainer;
import org.springframework.util.ClassUtils;

import java.net.URL;
import java.security.CodeSource;
import java.util.List;

/**
 * The WebSocket implementations that Boot installs by itself when their jars are present, and the refusals that say
 * which jar to exclude.
 */
final class OtherImplementations {

    /** An implementation Boot's own auto-configuration installs when {@link #marker} is on the class path. */
    enum Known {
        TOMCAT("Tomcat's own WebSocket implementation", "org.apache.tomcat.websocket.",
                "org.apache.tomcat.websocket.server.WsSci",
                List.of("org.apache.tomcat.embed:tomcat-embed-websocket"),
                "spring-boot-starter-websocket, spring-boot-starter-webmvc, spring-boot-starter-web or"
                        + " spring-boot-starter-tomcat"),
        JETTY("Jetty's own Jakarta WebSocket implementation", "org.eclipse.jetty.",
                "org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer",
                List.of("org.eclipse.jetty.ee11.websocket:jetty-ee11-websocket-jakarta-server",
                        "org.eclipse.jetty.ee11.websocket:jetty-ee11-websocket-jetty-server"),
                "spring-boot-starter-jetty");

        final String title;
        final String packagePrefix;
        final String marker;
        final List<String> artifacts;
        final String broughtBy;

        Known(String title, String packagePrefix, String marker, List<String> artifacts, String broughtBy) {
            this.title = title;
            this.packagePrefix = packagePrefix;
            this.marker = marker;
            this.artifacts = artifacts;
            this.broughtBy = broughtBy;
        }
    }

    private OtherImplementations() {
    }

    /** Fails when {@code known}'s jar is on the class path: Boot would install that implementation too. */
    static void refuseIfPresent(Known known, ClassLoader classLoader) {
        if (!ClassUtils.isPresent(known.marker, classLoader)) {
            return;
        }
        Class<?> marker = ClassUtils.resolveClassName(known.marker, classLoader);
        throw refusal(known, marker);
    }

    /**
     * Fails when something other than Onramp published the application's {@code ServerContainer}.
     *
     * @param published the servlet context attribute's value, or null
     */
    static void refusePublished(Object published) {
        if (published == null || published instanceof OnrampServerContainer) {
            return;
        }
        Class<?> type = published.getClass();
        for (Known known : Known.values()) {
            if (type.getName().startsWith(known.packagePrefix)) {
                throw refusal(known, type);
            }
        }
        String origin = origin(type);
        throw new AnotherWebSocketImplementationException("Another WebSocket implementation (" + type.getName()
                + ", from " + origin + ") published the application's ServerContainer beside Onramp's;"
                + " two implementations cannot serve one application.",
                "Remove " + origin + " (the jar of that implementation) from the application's dependencies, or"
                        + " remove onramp-spring-boot-starter to keep that implementation.");
    }

    private static AnotherWebSocketImplementationException refusal(Known known, Class<?> found) {
        String description = known.title + " (" + found.getName() + ", from " + origin(found) + ") is in this"
                + " application beside Onramp (onramp-spring-boot-starter). Two WebSocket implementations cannot"
                + " serve one application: the one initialised last would take every endpoint.";
        StringBuilder maven = new StringBuilder();
        StringBuilder gradle = new StringBuilder();
        for (String artifact : known.artifacts) {
            String[] ga = artifact.split(":");
            maven.append("<exclusion><groupId>").append(ga[0]).append("</groupId><artifactId>").append(ga[1])
                    .append("</artifactId></exclusion>");
            gradle.append(gradle.length() == 0 ? "" : ", ").append("exclude(group: \"").append(ga[0])
                    .append("\", module: \"").append(ga[1]).append("\")");
        }
        String action = "Exclude " + String.join(" and ", known.artifacts) + " from the dependency that brings "
                + (known.artifacts.size() == 1 ? "it" : "them") + " (" + known.broughtBy + "). Maven: "
                + maven + " in that <dependency>; Gradle: " + gradle + ".";
        return new AnotherWebSocketImplementationException(description, action);
    }

    /** The jar (or directory) a class was loaded from, as a file name where it has one. */
    static String origin(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return "an unknown location";
        }
        return lastName(location.getPath());
    }

    /**
     * The last name of a code source's path: a jar file, a directory, or a jar nested in Boot's executable jar
     * ({@code nested:/app.jar/!BOOT-INF/lib/x.jar!/}).
     */
    static String lastName(String path) {
        int end = path.length();
        while (end > 0 && (path.charAt(end - 1) == '/' || path.charAt(end - 1) == '!')) {
            end--;
        }
        return path.substring(path.lastIndexOf('/', end - 1) + 1, end);
    }
}
