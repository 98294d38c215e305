package io.stoppay.api.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stoppay.api.tls.SelfSignedCertificate.KeyAlgorithm;
import io.stoppay.config.StopPayConfig;
import io.stoppay.testing.TestTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS configuration as an instance reads it at start: each way it can be wrong is one line
 * naming the key to fix, never a password or key material; without HTTPS, plain HTTP only when
 * explicitly allowed.
 */
class HttpTransportConfigTest {

    @TempDir
    static Path dir;

    private static TestTls tls;
    private static TestTls other;

    @BeforeAll
    static void keys() {
        tls = TestTls.create(dir.resolve("tls"));
        other = TestTls.create(dir.resolve("other"));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void shouldServeHttpsWithAPemCertificateAndPkcs8KeyOfEitherAlgorithm(final KeyAlgorithm algorithm) {
        final TestTls key = TestTls.create(dir.resolve(algorithm.name()), algorithm, 1, 30);

        assertThat(transport(key.pemSettings()).scheme()).isEqualTo("https");
    }

    @Test
    void shouldServeHttpsWithAPkcs12KeyStore() {
        assertThat(transport(tls.keystoreSettings()).scheme()).isEqualTo("https");
    }

    @Test
    void shouldRefuseToStartWithNeitherHttpsNorPlainHttpAllowedSayingHowToFixIt() {
        assertThat(error(Map.of())).isEqualTo(StopPayConfig.HTTP_PLAINTEXT_ALLOWED + ": no HTTPS key is configured "
                + "and plain HTTP is not allowed; set stoppay.http.tls.certificate and stoppay.http.tls.private.key "
                + "(PEM) or stoppay.http.tls.keystore and its password (PKCS#12), or "
                + "stoppay.http.plaintext.allowed=true to serve plain HTTP");
    }

    @Test
    void shouldServePlainHttpOnlyWhenExplicitlyAllowed() {
        assertThat(transport(Map.of(StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true")).scheme()).isEqualTo("http");
    }

    @Test
    void shouldPreferHttpsWhenBothAKeyAndThePlaintextFlagAreGiven() {
        final Map<String, String> settings = new HashMap<>(tls.pemSettings());
        settings.put(StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true");

        assertThat(transport(settings).scheme()).isEqualTo("https");
    }

    @Test
    void shouldRefuseBothFormsAtOnce() {
        final Map<String, String> settings = new HashMap<>(tls.pemSettings());
        settings.putAll(tls.keystoreSettings());

        assertThat(error(settings)).isEqualTo("stoppay.http.tls.keystore and stoppay.http.tls.certificate/"
                + "stoppay.http.tls.private.key are both set: give the HTTPS key in one form only");
    }

    @Test
    void shouldRefuseHalfOfEitherFormNamingTheMissingKey() {
        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, tls.certificatePem().toString())))
                .isEqualTo("stoppay.http.tls.private.key: required with stoppay.http.tls.certificate");
        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_PRIVATE_KEY, tls.privateKeyPem().toString())))
                .isEqualTo("stoppay.http.tls.certificate: required with stoppay.http.tls.private.key");
        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_KEYSTORE, tls.keystore().toString())))
                .isEqualTo("stoppay.http.tls.keystore.password: required with stoppay.http.tls.keystore");
        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, tls.password())))
                .isEqualTo("stoppay.http.tls.keystore: required with stoppay.http.tls.keystore.password");
    }

    @Test
    void shouldRefuseATrustBundleWithoutHttps() {
        assertThat(error(Map.of(StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true",
                StopPayConfig.HTTP_TLS_TRUST, tls.certificatePem().toString())))
                .startsWith("stoppay.http.tls.trust is set but HTTPS is not");
    }

    @Test
    void shouldRefuseAFileThatCannotBeReadNamingItsKey() {
        final String missing = dir.resolve("missing.pem").toString();

        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, missing,
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, tls.privateKeyPem().toString())))
                .isEqualTo("stoppay.http.tls.certificate: cannot read " + missing + ": no such file");
        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, tls.certificatePem().toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, missing)))
                .isEqualTo("stoppay.http.tls.private.key: cannot read " + missing + ": no such file");
        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_KEYSTORE, missing,
                StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, tls.password())))
                .isEqualTo("stoppay.http.tls.keystore: cannot read " + missing + ": no such file");
        final Map<String, String> trust = new HashMap<>(tls.pemSettings());
        trust.put(StopPayConfig.HTTP_TLS_TRUST, missing);
        assertThat(error(trust)).isEqualTo("stoppay.http.tls.trust: cannot read " + missing + ": no such file");
    }

    @Test
    void shouldRefuseAWrongKeyStorePasswordWithoutQuotingIt() {
        final String error = error(Map.of(StopPayConfig.HTTP_TLS_KEYSTORE, tls.keystore().toString(),
                StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, "not-the-password-1234"));

        assertThat(error).isEqualTo("stoppay.http.tls.keystore.password: does not open " + tls.keystore())
                .doesNotContain("not-the-password-1234");
    }

    @Test
    void shouldRefuseAFileInTheWrongFormatNamingItsKey() throws IOException {
        final Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");

        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_KEYSTORE, tls.certificatePem().toString(),
                StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, tls.password())))
                .isEqualTo("stoppay.http.tls.keystore: " + tls.certificatePem() + ": not a PKCS#12 key store");
        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, notPem.toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, tls.privateKeyPem().toString())))
                .startsWith("stoppay.http.tls.certificate: " + notPem + ": ");
        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, tls.certificatePem().toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, tls.certificatePem().toString())))
                .startsWith("stoppay.http.tls.private.key: " + tls.certificatePem()
                        + ": no unencrypted PKCS#8 key (BEGIN PRIVATE KEY) in it; convert one with");
    }

    @Test
    void shouldRefuseAPkcs1KeyWithoutQuotingItSayingHowToConvertIt() throws IOException {
        final String body = Files.readString(tls.privateKeyPem()).replace("PRIVATE KEY", "EC PRIVATE KEY");
        final Path sec1 = Files.writeString(dir.resolve("sec1.key"), body);

        final String error = error(Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, tls.certificatePem().toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, sec1.toString()));

        assertThat(error).contains("openssl pkcs8 -topk8 -nocrypt").doesNotContain(body.lines().skip(1).findFirst().get());
        assertThat(error.lines()).hasSize(1);
    }

    @Test
    void shouldRefuseAKeyThatDoesNotBelongToTheCertificate() {
        final String error = error(Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, tls.certificatePem().toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, other.privateKeyPem().toString()));

        assertThat(error).isEqualTo("stoppay.http.tls.private.key: the private key does not belong to the certificate "
                + "CN=localhost");
    }

    @Test
    void shouldRefuseAKeyOfAnotherAlgorithmThanTheCertificates() {
        final TestTls rsa = TestTls.create(dir.resolve("rsa-other"), KeyAlgorithm.RSA, 1, 30);

        assertThat(error(Map.of(StopPayConfig.HTTP_TLS_CERTIFICATE, tls.certificatePem().toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, rsa.privateKeyPem().toString())))
                .startsWith("stoppay.http.tls.private.key: the private key does not belong to the certificate");
    }

    @Test
    void shouldRefuseAnExpiredCertificateInEitherForm() {
        final TestTls expired = TestTls.create(dir.resolve("expired"), KeyAlgorithm.EC, 10, 2);

        assertThat(error(expired.pemSettings())).startsWith("stoppay.http.tls.certificate: the certificate expired on ");
        assertThat(error(expired.keystoreSettings())).startsWith("stoppay.http.tls.keystore: the certificate expired on ");
    }

    private static HttpTransport transport(final Map<String, String> settings) {
        return HttpTransport.from(StopPayConfig.of(settings), Clock.systemUTC());
    }

    /** The one-line error of starting with {@code settings}. */
    private static String error(final Map<String, String> settings) {
        final ConfigException error = catchThrowableOfType(ConfigException.class, () -> transport(settings));
        assertThat(error).as("no error for " + settings).isNotNull();
        assertThat(error.getMessage().lines()).hasSize(1);
        return error.getMessage();
    }
}
