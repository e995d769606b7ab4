package dev.onramp.distribution;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

/** A PKCS#12 key store with one self-signed EC certificate for 127.0.0.1, made by the JDK's keytool. */
final class SelfSignedCertificate {

    static final String PASSWORD = "distribution-test";

    private SelfSignedCertificate() {
    }

    /** Writes the key store to {@code store}. */
    static void create(Path store) throws Exception {
        Files.createDirectories(store.getParent());
        ContainerProcess.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD), store.getParent());
    }

    /** A client context that trusts only the certificate in {@code store}. */
    static SSLContext trustedBy(Path store) throws Exception {
        return trustedBy(store, PASSWORD, "server");
    }

    /** A client context that trusts only the certificate under {@code alias} in a PKCS#12 {@code store}. */
    static SSLContext trustedBy(Path store, String password, String alias) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("server", keys.getCertificate(alias));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
