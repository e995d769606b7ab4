/**
 * Layer 2, the transport: the contract between the engine and whatever carries a connection's bytes
 * ({@link dev.onramp.websocket.transport.Transport}, written out in its Javadoc: demand-driven reads, one write at
 * a time, completion callbacks, idempotent close), and {@link dev.onramp.websocket.transport.DrainLoop}, the one way
 * transports and the engine run work on one thread at a time without a lock. Nothing but the JDK.
 */
package dev.onramp.websocket.transport;
