/**
 * Onramp as the WebSocket implementation of a Spring Boot application on embedded Tomcat or Jetty: the
 * auto-configuration ({@link dev.onramp.spring.OnrampWebSocketAutoConfiguration}) and what it installs.
 */
package dev.onramp.spring;
