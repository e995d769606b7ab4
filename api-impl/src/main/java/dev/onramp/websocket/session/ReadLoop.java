package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.FrameParser;
import dev.onramp.websocket.protocol.ProtocolException;
import dev.onramp.websocket.transport.Transport;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read side of one connection: parses the transport's buffers, pauses while the application holds a piece of
 * a message, and asks the transport for more only when a buffer is used up. Reading therefore follows the
 * application: a slow handler slows the peer instead of filling memory.
 *
 * <p>Who runs the parser: the transport's thread that delivered the buffer, or the callback thread whose handler
 * finished with the piece the parser paused at (it carries on parsing the rest of that buffer). A handler that
 * finishes while the delivering thread is still inside the parser only leaves a note ({@code RESUME_REQUESTED}),
 * and that thread carries on, so the parser never runs on two threads and never recurses.
 */
final class ReadLoop {

    private static final int IDLE = 0;
    private static final int PARSING = 1;
    private static final int PAUSED = 2;
    private static final int RESUME_REQUESTED = 3;

    private final FrameParser parser;
    private final Transport transport;
    private final CloseLifecycle lifecycle;
    private final MessageHandlers handlers;
    private final SessionSettings settings;

    /** The transport's buffer being parsed; ours until we demand again. Touched only by the parsing thread. */
    private ByteBuffer input;
    /** Who may run the parser: see the class comment. */
    private final AtomicInteger readState = new AtomicInteger(IDLE);
    private volatile boolean limitsChanged = true;

    /**
     * @param parser the connection's parser (its listener dispatches what it parses)
     * @param handlers decide the parser's message size limits together with the settings
     */
    ReadLoop(FrameParser parser, Transport transport, CloseLifecycle lifecycle, MessageHandlers handlers,
            SessionSettings settings) {
        this.parser = parser;
        this.transport = transport;
        this.lifecycle = lifecycle;
        this.handlers = handlers;
        this.settings = settings;
    }

    /** The transport delivered bytes: parse them. */
    void onData(ByteBuffer data) {
        input = data;
        readState.set(PARSING);
        processInput();
    }

    /** Continues reading after the application finished with what the parser handed it. */
    void resume() {
        if (readState.compareAndSet(PARSING, RESUME_REQUESTED)) {
            return; // the parsing thread has not left the parser yet; it continues when it does
        }
        if (readState.compareAndSet(PAUSED, PARSING)) {
            processInput();
        }
    }

    /** The buffer size limits or the handlers changed; the parser picks the new limits up before its next run. */
    void limitsChanged() {
        limitsChanged = true;
    }

    /** Payload bytes of the current frame still to come (a whole message's buffer grows towards them). */
    long frameBytesRemaining() {
        return parser.frameBytesRemaining();
    }

    /** Parses what is left of the input; asks for more when it is used up. */
    private void processInput() {
        while (true) {
            if (limitsChanged) {
                limitsChanged = false;
                parser.setMaxMessageSize(handlers.bufferLimit(MessageKind.TEXT, settings.maxTextMessageBufferSize()),
                        handlers.bufferLimit(MessageKind.BINARY, settings.maxBinaryMessageBufferSize()));
            }
            boolean paused;
            try {
                paused = parser.parse(input);
            } catch (ProtocolException e) {
                readState.set(IDLE);
                lifecycle.protocolError(e);
                return;
            }
            if (paused) {
                if (readState.compareAndSet(PARSING, PAUSED)) {
                    return; // the application has the piece; resume() continues
                }
                // the application finished with the piece before the parser even returned: go on here
                readState.set(PARSING);
                continue;
            }
            readState.set(IDLE);
            if (lifecycle.readingEnded()) {
                return;
            }
            transport.demand();
            return;
        }
    }
}
