package dev.onramp.distribution;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;

/** Where a client connects: 127.0.0.1 and a port, in the clear or over TLS with a context that trusts the server. */
record Target(int port, SSLContext tls) {

    static Target plain(int port) {
        return new Target(port, null);
    }

    static Target tls(int port, SSLContext tls) {
        return new Target(port, tls);
    }

    URI uri(String path) {
        return URI.create((tls == null ? "ws" : "wss") + "://127.0.0.1:" + port + path);
    }

    HttpClient httpClient() {
        return tls == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(tls).build();
    }

    Socket socket() throws IOException {
        return tls == null ? new Socket("127.0.0.1", port) : tls.getSocketFactory().createSocket("127.0.0.1", port);
    }
}
