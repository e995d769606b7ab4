package dev.onramp.websocket.endpoint;

/** The three kinds of message an endpoint may have one {@code @OnMessage} method each for. */
enum MessageKind {
    TEXT, BINARY, PONG;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
