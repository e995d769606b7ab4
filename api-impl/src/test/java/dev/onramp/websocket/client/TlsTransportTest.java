package dev.onramp.websocket.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The TLS transport alone, against a JDK TLS server socket: the Transport contract's write rules. */
class TlsTransportTest {

    private static final long WAIT = 20;

    @TempDir
    Path dir;

    @Test
    void aSecondWriteWhileOneIsOutstandingFailsItsCallbackAndCloseFailsTheFirstOnce() throws Exception {
        Path store = TestCertificates.keyStore(dir, "tls", "ip:127.0.0.1");
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer(serverSocket(store), socket -> {
            ((SSLSocket) socket).startHandshake();
            release.await(); // a peer that reads no application data
        })) {
            ClientSelector selector = ClientSelector.next();
            SocketChannel channel = selector.connect(new InetSocketAddress("127.0.0.1", server.port()))
                    .get(WAIT, TimeUnit.SECONDS);
            SSLEngine engine = TestCertificates.trusting(store).createSSLEngine("127.0.0.1", server.port());
            engine.setUseClientMode(true);
            TlsTransport transport = new TlsTransport(new NioTransport(channel, selector), engine);
            transport.handshake().get(WAIT, TimeUnit.SECONDS);

            BlockingQueue<Object> first = new LinkedBlockingQueue<>();
            BlockingQueue<Object> second = new LinkedBlockingQueue<>();
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(16 * 1024 * 1024)}, true,
                    NioTransportTest.outcomes(first));
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(1)}, true, NioTransportTest.outcomes(second));
            assertThat(second.poll(WAIT, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThat(first).as("the first write waits for a peer that reads nothing").isEmpty();
            transport.close();
            transport.close();
            assertThat(first.poll(WAIT, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
            assertThat(first.poll(200, TimeUnit.MILLISECONDS)).as("once").isNull();
            BlockingQueue<Object> after = new LinkedBlockingQueue<>();
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(1)}, true, NioTransportTest.outcomes(after));
            assertThat(after.poll(WAIT, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
        } finally {
            release.countDown();
        }
    }

    private static SSLServerSocket serverSocket(Path store) throws Exception {
        return (SSLServerSocket) TestCertificates.serving(store).getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getByName("127.0.0.1"));
    }
}
