package io.stoppay.testing;

import io.stoppay.api.tls.HttpTransport;
import io.stoppay.api.tls.SelfSignedCertificate;
import io.stoppay.api.tls.SelfSignedCertificate.KeyAlgorithm;
import io.stoppay.config.StopPayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A self-signed HTTPS key for localhost and 127.0.0.1 in every form StopPay reads: a PKCS#12 key
 * store with its password, the certificate as PEM, and the key as PKCS#8 PEM; and a client context
 * that trusts the certificate and nothing else.
 *
 * @param keystore       the PKCS#12 key store
 * @param password       its password
 * @param certificatePem the certificate alone, PEM
 * @param privateKeyPem  the key alone, unencrypted PKCS#8 PEM
 */
public record TestTls(Path keystore, String password, Path certificatePem, Path privateKeyPem) {

    private static final String PASSWORD = "test-keystore-password";

    /** A fresh EC key and certificate valid from yesterday for 30 days, in {@code dir}. */
    public static TestTls create(final Path dir) {
        return create(dir, KeyAlgorithm.EC, 1, 30);
    }

    /**
     * A fresh key of {@code algorithm} whose certificate is valid from {@code startDaysAgo} days ago
     * for {@code validityDays} days (ending before today: expired), in {@code dir}.
     */
    public static TestTls create(final Path dir, final KeyAlgorithm algorithm, final int startDaysAgo,
                                 final int validityDays) {
        try {
            Files.createDirectories(dir);
            final TestTls tls = new TestTls(dir.resolve("https.p12"), PASSWORD, dir.resolve("https.crt"),
                    dir.resolve("https.key"));
            SelfSignedCertificate.create(tls.keystore, tls.certificatePem, PASSWORD.toCharArray(), algorithm,
                    startDaysAgo, validityDays);
            final KeyStore store = tls.load();
            final String alias = store.aliases().nextElement();
            Files.writeString(tls.privateKeyPem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(store.getKey(alias, PASSWORD.toCharArray()).getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            return tls;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** StopPay's settings for this key as PEM files (the form of a Kubernetes TLS Secret). */
    public Map<String, String> pemSettings() {
        return Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, certificatePem.toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, privateKeyPem.toString());
    }

    /** StopPay's settings for this key as a PKCS#12 key store. */
    public Map<String, String> keystoreSettings() {
        return Map.of(StopPayConfig.HTTP_TLS_KEYSTORE, keystore.toString(),
                StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, password);
    }

    /** The certificate. */
    public X509Certificate certificate() {
        try {
            final KeyStore store = load();
            return (X509Certificate) store.getCertificate(store.aliases().nextElement());
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context whose only trust anchor is this certificate. */
    public SSLContext clientContext() {
        return trusting(certificate());
    }

    /** A client context whose only trust anchors are {@code certificates}. */
    public static SSLContext trusting(final X509Certificate... certificates) {
        return HttpTransport.trusting(List.of(certificates));
    }

    private KeyStore load() throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(keystore)) {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
