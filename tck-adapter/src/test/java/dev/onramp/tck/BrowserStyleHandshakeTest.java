package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import dev.onramp.tck.apps.echo.EchoEndpoint;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An opening handshake exactly as browsers (and Onramp's client) send it: no {@code Content-Length}. The JDK client
 * always adds {@code Content-Length: 0}, so the other tests cannot see what this one checks: that the frames sent
 * after the 101 reach the endpoint rather than the container's HTTP parser.
 */
@ExtendWith(ArquillianExtension.class)
class BrowserStyleHandshakeTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "browser-style.war").addClass(EchoEndpoint.class);
    }

    @ArquillianResource
    URL url;

    @Test
    @Disabled("Jetty 12.1.14 ee11 + servlet-bridge: without Content-Length, bytes after the 101 are parsed as a new "
            + "HTTP request (400 'Illegal character OTEXT=0x81'); see the tck-adapter report. Enable once fixed.")
    void frameSentAfterThe101IsEchoed() throws Exception {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout((int) JdkWebSocket.TIMEOUT_SECONDS * 1000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET " + url.getPath() + "echo HTTP/1.1\r\n"
                    + "Host: " + url.getHost() + ":" + url.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");

            // a masked text frame "hi", sent only once the 101 has arrived, as any client does
            byte[] mask = {0x11, 0x22, 0x33, 0x44};
            out.write(new byte[] {(byte) 0x81, (byte) 0x82, mask[0], mask[1], mask[2], mask[3],
                    (byte) ('h' ^ mask[0]), (byte) ('i' ^ mask[1])});
            out.flush();

            assertThat(in.readNBytes(4)).containsExactly(0x81, 0x02, 'h', 'i');
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
