/**
 * An Arquillian (JUnit 5) container that deploys test archives to embedded Jetty 12 (ee11) with Onramp and without
 * Jetty's own WebSocket, as the Jakarta WebSocket TCK needs: negative deployments report instead of throwing, and
 * classes load webapp-first.
 */
package dev.onramp.tck;
