package dev.onramp.websocket.session;

/** The three kinds of incoming message a session holds at most one handler for. */
enum MessageKind {
    TEXT, BINARY, PONG
}
