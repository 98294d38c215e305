package io.stoppay.api.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The HTTPS server's private key and its certificate chain, the server's certificate first, as read
 * and checked by {@link ServerKeys}.
 *
 * @param key   the private key (EC or RSA)
 * @param chain the certificate chain, never empty; {@code chain.get(0)} is the key's certificate
 */
public record ServerKey(PrivateKey key, List<X509Certificate> chain) {

    private static final String ALIAS = "stoppay-https";

    public ServerKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the key's certificate");
        }
    }

    /** The server's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** An in-memory PKCS#12 key store holding this key and chain under {@code password}, for Jetty. */
    KeyStore keyStore(final char[] password) {
        try {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (final GeneralSecurityException | IOException e) {
            // An empty in-memory store of the JDK's own type cannot fail to load or take a checked key.
            throw new IllegalStateException("cannot hold the HTTPS key in memory", e);
        }
    }

    @Override
    public String toString() {
        // Never the key itself: a record's default toString would print it.
        return "ServerKey[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
