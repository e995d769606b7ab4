/**
 * Layer 4, endpoints: annotated endpoints compiled once at deployment into invokers (every illegal signature a
 * {@code DeploymentException} naming the method), URI templates and their routing precedence, the default
 * configurator, and the handshake's subprotocol and extension negotiation. Uses the session layer; knows nothing
 * of the client or servlets.
 */
package dev.onramp.websocket.endpoint;
