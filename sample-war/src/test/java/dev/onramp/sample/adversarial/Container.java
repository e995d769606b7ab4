package dev.onramp.sample.adversarial;

/** The embedded containers the suite attacks, each set up as the sample's launcher sets it up. */
enum Container {
    /** Jetty 12.1 ee11 with onramp-jetty-upgrade-fix's connection factory. */
    JETTY,
    /** Tomcat 11 with onramp-tomcat-upgrade-fix's protocol. */
    TOMCAT
}
