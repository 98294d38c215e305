package io.stoppay.api.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and keys in PEM, as a Kubernetes TLS Secret holds them ({@code tls.crt},
 * {@code tls.key}, {@code ca.crt}). Parsing is the JDK's: {@link CertificateFactory} reads PEM
 * certificates itself, and {@link KeyFactory} reads a PKCS#8 key once its base64 is decoded.
 */
final class PemFiles {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    /**
     * Key algorithms a PKCS#8 key is tried as, in turn: the key's encoding names its algorithm, but
     * Java 17 offers no call that reads the name from it.
     */
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA");

    private PemFiles() {
    }

    /**
     * Every certificate in {@code pem}, in order.
     *
     * @throws CertificateException when the text holds none, or one that does not parse
     */
    static List<X509Certificate> certificates(final byte[] pem) throws CertificateException {
        final List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem)).stream()
                .map(X509Certificate.class::cast).toList();
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate (BEGIN CERTIFICATE) in it");
        }
        return certificates;
    }

    /**
     * The unencrypted PKCS#8 private key in {@code pem}, EC or RSA.
     *
     * @throws GeneralSecurityException when there is no such key, or it is in another format (PKCS#1
     *                                  {@code BEGIN RSA PRIVATE KEY}, SEC1 {@code BEGIN EC PRIVATE KEY},
     *                                  encrypted): the message says how to convert it, never the key
     */
    static PrivateKey privateKey(final byte[] pem) throws GeneralSecurityException {
        final Matcher block = PKCS8.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!block.find()) {
            throw new InvalidKeySpecException("no unencrypted PKCS#8 key (BEGIN PRIVATE KEY) in it; convert one with "
                    + "'openssl pkcs8 -topk8 -nocrypt', or set privateKey.encoding: PKCS8 in a cert-manager Certificate");
        }
        final byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(1));
        } catch (final IllegalArgumentException e) {
            throw new InvalidKeySpecException("the PRIVATE KEY block is not base64");
        }
        for (final String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (final InvalidKeySpecException e) {
                // Not a key of this algorithm: try the next one.
            }
        }
        throw new InvalidKeySpecException("the PRIVATE KEY is neither an EC nor an RSA key");
    }
}
