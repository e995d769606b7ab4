/**
 * Layer 1, the protocol: RFC 6455 and RFC 7692 as pure code over {@code ByteBuffer}s. An incremental frame parser
 * that takes input chopped at any byte, a frame writer, UTF-8 validation that fails on the first bad byte, the close
 * handshake's state machine and close-code rules, and permessage-deflate. No threads, no sockets, nothing but the
 * JDK (the layering test keeps it so); tested with bytes.
 */
package dev.onramp.websocket.protocol;
