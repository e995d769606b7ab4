/**
 * The sample webapp, what ships in the WAR's {@code WEB-INF/classes}: an echo endpoint, a chat endpoint with a path
 * parameter and coders, a programmatic endpoint, and a servlet that upgrades through
 * {@code ServerContainer.upgradeHttpToWebSocket}. It uses only the Servlet and WebSocket APIs; Onramp comes from
 * {@code WEB-INF/lib}. Nothing here may use the launcher package or a container's classes (LayeringTest).
 */
package dev.onramp.sample;
