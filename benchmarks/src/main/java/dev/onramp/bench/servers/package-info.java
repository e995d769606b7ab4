/**
 * The servers the load generator measures, each started as its own process with the same echo application: Onramp
 * in embedded Jetty and Tomcat, Jetty's and Tomcat's own WebSocket, and a raw TCP echo as the ceiling.
 */
package dev.onramp.bench.servers;
