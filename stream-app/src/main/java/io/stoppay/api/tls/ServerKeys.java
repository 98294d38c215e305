package io.stoppay.api.tls;

import io.stoppay.config.StopPayConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads the HTTPS key the configuration names, in either form: a PKCS#12 key store
 * ({@value StopPayConfig#HTTP_TLS_KEYSTORE} and its password) or PEM files
 * ({@value StopPayConfig#HTTP_TLS_CERTIFICATE} and {@value StopPayConfig#HTTP_TLS_PRIVATE_KEY}), and
 * checks that it can serve: the key belongs to the certificate, and the certificate is valid now.
 *
 * <p>Every problem is a {@link ConfigException} of one line naming the key to fix; it names files,
 * never a password or anything read from a key.
 */
public final class ServerKeys {

    /** Signed and verified to prove that a private key belongs to a certificate's public key. */
    private static final byte[] PROBE = "stoppay: does this key belong to this certificate?"
            .getBytes(StandardCharsets.US_ASCII);

    private ServerKeys() {
    }

    /**
     * The configured key, or empty when neither form is configured.
     *
     * @param now when the certificate must be valid
     * @throws ConfigException naming the key when a file cannot be read or parsed, the password is
     *                         wrong, the key does not belong to the certificate, or the certificate
     *                         has expired or is not valid yet
     */
    public static Optional<ServerKey> load(final StopPayConfig config, final Instant now) {
        final String keystore = config.string(StopPayConfig.HTTP_TLS_KEYSTORE);
        final String certificate = config.string(StopPayConfig.HTTP_TLS_CERTIFICATE);
        if (!keystore.isBlank()) {
            final char[] password = config.keystorePassword().orElseThrow(() -> new ConfigException(
                    StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD + ": required with " + StopPayConfig.HTTP_TLS_KEYSTORE));
            try {
                return Optional.of(checked(fromPkcs12(Path.of(keystore), password), StopPayConfig.HTTP_TLS_KEYSTORE, now));
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        if (!certificate.isBlank()) {
            return Optional.of(checked(fromPem(Path.of(certificate),
                    Path.of(config.string(StopPayConfig.HTTP_TLS_PRIVATE_KEY))), StopPayConfig.HTTP_TLS_CERTIFICATE, now));
        }
        return Optional.empty();
    }

    /**
     * The certificates of a PEM file (a CA bundle) under {@code key}.
     *
     * @throws ConfigException naming {@code key} when the file cannot be read or holds no certificate
     */
    static List<X509Certificate> certificates(final String key, final Path file) {
        try {
            return PemFiles.certificates(read(key, file));
        } catch (final GeneralSecurityException e) {
            throw invalid(key, file + ": " + e.getMessage());
        }
    }

    private static ServerKey fromPkcs12(final Path file, final char[] password) {
        final KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(read(StopPayConfig.HTTP_TLS_KEYSTORE, file)), password);
        } catch (final IOException e) {
            throw e.getCause() instanceof UnrecoverableKeyException
                    ? invalid(StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, "does not open " + file)
                    : invalid(StopPayConfig.HTTP_TLS_KEYSTORE, file + ": not a PKCS#12 key store");
        } catch (final GeneralSecurityException e) {
            throw invalid(StopPayConfig.HTTP_TLS_KEYSTORE, file + ": not a PKCS#12 key store");
        }
        try {
            final List<String> keys = Collections.list(store.aliases()).stream().filter(alias -> isKey(store, alias))
                    .toList();
            if (keys.size() != 1) {
                throw invalid(StopPayConfig.HTTP_TLS_KEYSTORE, file + ": holds " + keys.size()
                        + " private keys; exactly one expected");
            }
            final Certificate[] chain = store.getCertificateChain(keys.get(0));
            final PrivateKey key = (PrivateKey) store.getKey(keys.get(0), password);
            return new ServerKey(key, Arrays.stream(chain).map(X509Certificate.class::cast).toList());
        } catch (final UnrecoverableKeyException e) {
            throw invalid(StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, "does not open the key in " + file
                    + " (its key password must be the store's)");
        } catch (final GeneralSecurityException e) {
            throw invalid(StopPayConfig.HTTP_TLS_KEYSTORE, file + ": " + e.getClass().getSimpleName());
        }
    }

    private static boolean isKey(final KeyStore store, final String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (final GeneralSecurityException e) {
            return false;
        }
    }

    private static ServerKey fromPem(final Path certificateFile, final Path keyFile) {
        final List<X509Certificate> chain = certificates(StopPayConfig.HTTP_TLS_CERTIFICATE, certificateFile);
        try {
            return new ServerKey(PemFiles.privateKey(read(StopPayConfig.HTTP_TLS_PRIVATE_KEY, keyFile)), chain);
        } catch (final GeneralSecurityException e) {
            throw invalid(StopPayConfig.HTTP_TLS_PRIVATE_KEY, keyFile + ": " + e.getMessage());
        }
    }

    /** {@code key} if it belongs to its certificate and the certificate is valid {@code now}. */
    private static ServerKey checked(final ServerKey key, final String certificateKey, final Instant now) {
        final X509Certificate certificate = key.certificate();
        try {
            certificate.checkValidity(Date.from(now));
        } catch (final CertificateExpiredException e) {
            throw invalid(certificateKey, "the certificate expired on " + certificate.getNotAfter().toInstant());
        } catch (final CertificateNotYetValidException e) {
            throw invalid(certificateKey, "the certificate is valid only from " + certificate.getNotBefore().toInstant());
        }
        if (!belongs(key.key(), certificate)) {
            throw invalid(certificateKey.equals(StopPayConfig.HTTP_TLS_KEYSTORE) ? certificateKey
                    : StopPayConfig.HTTP_TLS_PRIVATE_KEY, "the private key does not belong to the certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
        return key;
    }

    /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
    private static boolean belongs(final PrivateKey key, final X509Certificate certificate) {
        final String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw invalid(StopPayConfig.HTTP_TLS_PRIVATE_KEY, key.getAlgorithm() + " key: EC or RSA expected");
        };
        try {
            final Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            final byte[] signature = signer.sign();
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (final GeneralSecurityException e) {
            // A certificate of another algorithm than the key's.
            return false;
        }
    }

    private static byte[] read(final String key, final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            throw invalid(key, "cannot read " + file + ": no such file");
        } catch (final IOException e) {
            throw invalid(key, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static ConfigException invalid(final String key, final String why) {
        return new ConfigException(key + ": " + why.replaceAll("\\R", " "));
    }
}
