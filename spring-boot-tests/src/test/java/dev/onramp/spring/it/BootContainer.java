package dev.onramp.spring.it;

import java.util.List;

/**
 * The embedded container a test application runs on. Both are on the tests' class path (the starter brings Tomcat,
 * the tests add Jetty), so each application leaves the other's auto-configuration out.
 */
enum BootContainer {
    TOMCAT("org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration"),
    JETTY("org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration");

    private final String otherAutoConfiguration;

    BootContainer(String otherAutoConfiguration) {
        this.otherAutoConfiguration = otherAutoConfiguration;
    }

    /** The property that keeps the other container out. */
    String exclusion() {
        return "spring.autoconfigure.exclude=" + otherAutoConfiguration;
    }

    static List<BootContainer> both() {
        return List.of(TOMCAT, JETTY);
    }
}
