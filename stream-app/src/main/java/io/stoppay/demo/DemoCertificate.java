package io.stoppay.demo;

import io.stoppay.api.tls.SelfSignedCertificate;
import io.stoppay.config.StopPayConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The demo's HTTPS key: made afresh each run, self-signed for localhost and 127.0.0.1, valid for
 * {@value #VALIDITY_DAYS} days, kept in the data directory as a PKCS#12 key store whose password
 * lives only in this process, and as {@value #CERTIFICATE_FILE}, the certificate alone, for
 * {@code curl --cacert}. Self-signed, so a browser warns about it once; nothing about it is for
 * production (README "Security").
 *
 * @param keystore    the PKCS#12 key store
 * @param certificate the certificate as PEM, to trust
 * @param password    the key store's password, random for this run
 */
public record DemoCertificate(Path keystore, Path certificate, String password) {

    public static final String CERTIFICATE_FILE = "demo-ca.pem";
    private static final String KEYSTORE_FILE = "demo-https.p12";
    private static final int VALIDITY_DAYS = 30;
    /** A day back: a demo machine's clock a little behind still accepts the certificate. */
    private static final int START_DAYS_AGO = 1;
    private static final int PASSWORD_BYTES = 24;

    /**
     * Makes the key and certificate in {@code dataDir}, replacing those of an earlier run.
     *
     * @throws IOException when the JDK's keytool is missing or fails, or the files cannot be written
     */
    public static DemoCertificate create(final Path dataDir) throws IOException {
        final byte[] random = new byte[PASSWORD_BYTES];
        new SecureRandom().nextBytes(random);
        final DemoCertificate made = new DemoCertificate(dataDir.resolve(KEYSTORE_FILE),
                dataDir.resolve(CERTIFICATE_FILE), Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        SelfSignedCertificate.create(made.keystore, made.certificate, made.password.toCharArray(),
                SelfSignedCertificate.KeyAlgorithm.EC, START_DAYS_AGO, VALIDITY_DAYS);
        OwnerOnly.restrict(made.keystore);
        return made;
    }

    /** StopPay's settings to serve HTTPS with this key. */
    public Map<String, String> settings() {
        return Map.of(StopPayConfig.HTTP_TLS_KEYSTORE, keystore.toString(),
                StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, password);
    }

    @Override
    public String toString() {
        // Never the password.
        return "DemoCertificate[" + keystore + "]";
    }
}
