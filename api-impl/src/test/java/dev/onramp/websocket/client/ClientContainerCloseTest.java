package dev.onramp.websocket.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code OnrampClientContainer.close()} returns only once its connections have ended, whatever the server does: a
 * web application that stops calls it (through its server container) and its class loader loads nothing afterwards,
 * so no connection of it may be left with a close timer or a read to run later. Each server here answers the
 * handshake and then behaves as the test says; the close timeout (5 s) is longer than close() may take.
 */
@Timeout(60)
class ClientContainerCloseTest {

    /** The masked close frame a client sends, read whole; returns its status code (-1 when it has none). */
    private static int readClientClose(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int first = data.readUnsignedByte();
        int second = data.readUnsignedByte();
        if (first != 0x88 || (second & 0x80) == 0 || (second & 0x7f) > 125) {
            throw new IOException("not a masked close frame: " + first + " " + second);
        }
        byte[] mask = new byte[4];
        data.readFully(mask);
        byte[] payload = new byte[second & 0x7f];
        data.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return payload.length < 2 ? -1 : (payload[0] & 0xff) << 8 | (payload[1] & 0xff);
    }

    /** Reads until the client's FIN. */
    private static void awaitEnd(InputStream in, CompletableFuture<Void> ended) throws IOException {
        while (in.read() >= 0) {
            // nothing else is expected
        }
        ended.complete(null);
    }

    private static Session connect(OnrampClientContainer container, RawServer server, ClientRecorder client)
            throws Exception {
        return container.connectToServer(client, ClientEndpointConfig.Builder.create().build(),
                URI.create("ws://127.0.0.1:" + server.port() + "/"));
    }

    private static void answerHandshake(Socket socket) throws IOException {
        Map<String, String> request = RawServer.readHead(socket.getInputStream());
        socket.getOutputStream().write(RawServer.switching(request, ""));
    }

    private static void answerClose(OutputStream out, int code) throws IOException {
        out.write(new byte[] {(byte) 0x88, 2, (byte) (code >> 8), (byte) code});
        out.flush();
    }

    @Test
    void aClosedSessionWhoseServerKeepsTcpOpenIsDroppedByClose() throws Exception {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try (RawServer server = new RawServer(socket -> {
            answerHandshake(socket);
            int code = readClientClose(socket.getInputStream());
            answerClose(socket.getOutputStream(), code);
            awaitEnd(socket.getInputStream(), ended); // a server that never drops TCP itself
        })) {
            OnrampClientContainer container = new OnrampClientContainer();
            ClientRecorder client = new ClientRecorder();
            Session session = connect(container, server, client);
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
            assertThat(client.awaitClose().getCloseCode()).isEqualTo(CloseReason.CloseCodes.NORMAL_CLOSURE);
            // the session is closed for the application; its TCP connection waits for the server's FIN
            container.close();
            assertThat(container.liveConnectionCount()).as("connections left once close() returned").isZero();
            ended.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(server.failure).isNotDone();
        }
    }

    @Test
    void anOpenSessionIsClosedWith1001AndItsConnectionEndedBeforeCloseReturns() throws Exception {
        CompletableFuture<Integer> codeSeen = new CompletableFuture<>();
        try (RawServer server = new RawServer(socket -> {
            answerHandshake(socket);
            int code = readClientClose(socket.getInputStream());
            codeSeen.complete(code);
            answerClose(socket.getOutputStream(), code);
            socket.close(); // a polite server drops TCP after the handshake
        })) {
            OnrampClientContainer container = new OnrampClientContainer();
            ClientRecorder client = new ClientRecorder();
            connect(container, server, client);
            container.close();
            assertThat(client.closed).as("onClose ran before close() returned").isDone();
            assertThat(client.closed.get().getCloseCode()).isEqualTo(CloseReason.CloseCodes.GOING_AWAY);
            assertThat(codeSeen.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThat(container.liveConnectionCount()).isZero();
            assertThat(client.errors).isEmpty();
        }
    }

    @Test
    void aServerThatNeverAnswersTheCloseFrameIsDroppedByClose() throws Exception {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try (RawServer server = new RawServer(socket -> {
            answerHandshake(socket);
            readClientClose(socket.getInputStream());
            awaitEnd(socket.getInputStream(), ended); // no answer, no FIN
        })) {
            OnrampClientContainer container = new OnrampClientContainer();
            ClientRecorder client = new ClientRecorder();
            connect(container, server, client);
            container.close();
            assertThat(container.liveConnectionCount()).as("connections left once close() returned").isZero();
            assertThat(client.closed).isDone();
            ended.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
