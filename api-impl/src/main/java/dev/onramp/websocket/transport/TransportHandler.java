package dev.onramp.websocket.transport;

import java.nio.ByteBuffer;

/** What a {@link Transport} reports to the engine above it. Exactly one call per demand. */
public interface TransportHandler {

    /** Bytes arrived; {@code data} holds them between position and limit and belongs to the handler until its next {@code demand()}. */
    void onData(ByteBuffer data);

    /** The peer closed its side of the connection (TCP FIN) before or without a close handshake. */
    void onEndOfInput();

    /** Reading or writing failed; the transport is unusable. */
    void onFailure(Throwable cause);
}
