package dev.onramp.distribution;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * Where a client connects: a host name of the loopback address and a port, in the clear or over TLS with a context
 * that trusts the server (the host name is the one the server's certificate names).
 */
record Target(String host, int port, SSLContext tls) {

    static Target plain(int port) {
        return new Target("127.0.0.1", port, null);
    }

    static Target tls(int port, SSLContext tls) {
        return new Target("127.0.0.1", port, tls);
    }

    /** Over TLS to a server whose certificate names {@code host} (which must resolve to the loopback address). */
    static Target tls(String host, int port, SSLContext tls) {
        return new Target(host, port, tls);
    }

    URI uri(String path) {
        return URI.create((tls == null ? "ws" : "wss") + "://" + host + ":" + port + path);
    }

    HttpClient httpClient() {
        return tls == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(tls).build();
    }

    Socket socket() throws IOException {
        return tls == null ? new Socket("127.0.0.1", port) : tls.getSocketFactory().createSocket("127.0.0.1", port);
    }
}
