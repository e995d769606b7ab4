package dev.onramp.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway server certificate for a test: a PKCS#12 key store with one self-signed EC certificate (alias
 * {@value #ALIAS}, password {@value #PASSWORD}) made by the JDK's keytool, a server context that presents it, and a
 * client context whose only trust anchor it is (so hostname checks stay on and mean something).
 */
public final class SelfSignedCertificate {

    /** The store's and the key's password. */
    public static final String PASSWORD = "onramp-test";
    /** The key's alias in the store. */
    public static final String ALIAS = "server";

    private final Path keyStore;

    private SelfSignedCertificate(Path keyStore) {
        this.keyStore = keyStore;
    }

    /** A certificate for 127.0.0.1, in {@code directory/server.p12}. */
    public static SelfSignedCertificate create(Path directory) throws Exception {
        return create(directory.resolve("server.p12"), "127.0.0.1", "ip:127.0.0.1");
    }

    /**
     * A certificate with this common name and subjectAltName (keytool's form, e.g. {@code "ip:127.0.0.1,dns:localhost"}),
     * written to {@code store}.
     */
    public static SelfSignedCertificate create(Path store, String commonName, String subjectAltName) throws Exception {
        Files.createDirectories(store.toAbsolutePath().getParent());
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAltName,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool did not finish within 60 s: " + output);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return new SelfSignedCertificate(store);
    }

    /** A certificate made earlier by {@link #create}, in {@code store}. */
    public static SelfSignedCertificate of(Path store) {
        if (!Files.isRegularFile(store)) {
            throw new IllegalArgumentException("no key store at " + store);
        }
        return new SelfSignedCertificate(store);
    }

    /** The PKCS#12 key store file. */
    public Path keyStore() {
        return keyStore;
    }

    /** A server's context that presents this certificate. */
    public SSLContext serverContext() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A client's context whose only trust anchor is this certificate. */
    public SSLContext clientContext() throws Exception {
        return clientContextTrusting(keyStore, PASSWORD, ALIAS);
    }

    /**
     * A client's context whose only trust anchor is the certificate under {@code alias} in a PKCS#12 {@code store}
     * made by someone else (a container distribution's own key store, say).
     */
    public static SSLContext clientContextTrusting(Path store, String password, String alias) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry(alias, load(store, password).getCertificate(alias));
        return trustingOnly(anchors);
    }

    /** A client's context whose trust anchors are these certificates (one client configuration for several hosts). */
    public static SSLContext clientContextTrustingAll(SelfSignedCertificate... certificates) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        for (SelfSignedCertificate c : certificates) {
            anchors.setCertificateEntry(c.keyStore.toString(), c.load().getCertificate(ALIAS));
        }
        return trustingOnly(anchors);
    }

    private static SSLContext trustingOnly(KeyStore anchors) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private KeyStore load() throws Exception {
        return load(keyStore, PASSWORD);
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
