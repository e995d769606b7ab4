/**
 * Container side, on Jetty's class path only: what Jetty 12.1 gets wrong for servlet upgrades (the HTTP/1.1
 * connection factory that keeps what a client sends after the 101), and the place for Jetty-native I/O.
 */
package dev.onramp.jetty;
