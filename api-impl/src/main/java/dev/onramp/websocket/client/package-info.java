/**
 * Layer 5, the client: the {@code WebSocketContainer} behind {@code ContainerProvider}, connecting over NIO (one
 * small set of selector threads for the process), proxies, TLS through an {@code SSLEngine}, the opening handshake
 * and its timeouts. Uses every layer below.
 */
package dev.onramp.websocket.client;
