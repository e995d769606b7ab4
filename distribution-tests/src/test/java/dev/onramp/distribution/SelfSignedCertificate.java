package dev.onramp.distribution;

import java.nio.file.Path;

import javax.net.ssl.SSLContext;

/**
 * The distributions' TLS certificate: a PKCS#12 key store with one self-signed certificate for 127.0.0.1, made by
 * test-support's {@link dev.onramp.testing.SelfSignedCertificate} (this class only keeps the distribution tests'
 * calls short).
 */
final class SelfSignedCertificate {

    static final String PASSWORD = dev.onramp.testing.SelfSignedCertificate.PASSWORD;

    private SelfSignedCertificate() {
    }

    /** Writes the key store to {@code store}. */
    static void create(Path store) throws Exception {
        dev.onramp.testing.SelfSignedCertificate.create(store, "127.0.0.1", "ip:127.0.0.1");
    }

    /** A client context that trusts only the certificate in {@code store}. */
    static SSLContext trustedBy(Path store) throws Exception {
        return dev.onramp.testing.SelfSignedCertificate.of(store).clientContext();
    }

    /** A client context that trusts only the certificate under {@code alias} in a PKCS#12 {@code store}. */
    static SSLContext trustedBy(Path store, String password, String alias) throws Exception {
        return dev.onramp.testing.SelfSignedCertificate.clientContextTrusting(store, password, alias);
    }
}
