package dev.onramp.websocket.transport;

/** Completion of one {@link Transport#write}; exactly one of the two methods runs, once. */
public interface WriteCallback {

    /** Everything was handed to the network. */
    void completed();

    /** The write failed; the transport is unusable. */
    void failed(Throwable cause);
}
