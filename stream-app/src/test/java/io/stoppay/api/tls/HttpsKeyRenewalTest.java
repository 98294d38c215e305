package io.stoppay.api.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.api.HttpApi;
import io.stoppay.api.Response;
import io.stoppay.api.tls.HttpTransport.Renewal;
import io.stoppay.api.tls.SelfSignedCertificate.KeyAlgorithm;
import io.stoppay.config.StopPayConfig;
import io.stoppay.testing.TestTls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running HTTPS server given a renewed key, as cert-manager and the kubelet give it: new
 * connections get the new certificate without a restart; a renewal that cannot serve (a key not the
 * certificate's, an expired certificate) is refused and the previous key goes on serving.
 */
class HttpsKeyRenewalTest {

    @TempDir
    static Path keys;

    @TempDir
    Path mounted;

    private static TestTls first;
    private static TestTls renewed;
    private static TestTls expired;

    private HttpApi api;
    private HttpTransport transport;

    @BeforeAll
    static void makeKeys() {
        first = TestTls.create(keys.resolve("first"));
        renewed = TestTls.create(keys.resolve("renewed"));
        expired = TestTls.create(keys.resolve("expired"), KeyAlgorithm.EC, 10, 2);
    }

    @BeforeEach
    void serveTheFirstKey() throws IOException {
        mount(first.certificatePem(), first.privateKeyPem());
        transport = HttpTransport.from(StopPayConfig.of(Map.of(
                StopPayConfig.HTTP_TLS_CERTIFICATE, mounted.resolve("tls.crt").toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, mounted.resolve("tls.key").toString())), Clock.systemUTC());
        api = HttpApi.bind("127.0.0.1", 0, 1, List.of(), transport, new SimpleMeterRegistry());
        api.route("/", 0, request -> Response.json(200, Map.of())).start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldServeARenewedKeyToNewConnectionsWithoutARestart() throws IOException {
        assertThat(transport.renewKeyIfChanged()).isEqualTo(Renewal.UNCHANGED);
        assertThat(servedCertificate()).isEqualTo(first.certificate());

        mount(renewed.certificatePem(), renewed.privateKeyPem());

        assertThat(transport.renewKeyIfChanged()).isEqualTo(Renewal.RENEWED);
        assertThat(servedCertificate()).isEqualTo(renewed.certificate());
        assertThat(transport.renewKeyIfChanged()).isEqualTo(Renewal.UNCHANGED);
    }

    @Test
    void shouldKeepServingThePreviousKeyWhenTheRenewedOneDoesNotBelongToItsCertificate() throws IOException {
        mount(renewed.certificatePem(), first.privateKeyPem());

        assertThat(transport.renewKeyIfChanged()).isEqualTo(Renewal.REFUSED);
        assertThat(servedCertificate()).isEqualTo(first.certificate());
        assertThat(transport.renewKeyIfChanged()).as("refused once per change").isEqualTo(Renewal.UNCHANGED);

        // The second half of the renewal arrives: now both files agree
        mount(renewed.certificatePem(), renewed.privateKeyPem());
        assertThat(transport.renewKeyIfChanged()).isEqualTo(Renewal.RENEWED);
        assertThat(servedCertificate()).isEqualTo(renewed.certificate());
    }

    @Test
    void shouldRefuseAnExpiredRenewal() throws IOException {
        mount(expired.certificatePem(), expired.privateKeyPem());

        assertThat(transport.renewKeyIfChanged()).isEqualTo(Renewal.REFUSED);
        assertThat(servedCertificate()).isEqualTo(first.certificate());
    }

    @Test
    void shouldNeverRenewPlainHttp() {
        assertThat(HttpTransport.plaintext().renewKeyIfChanged()).isEqualTo(Renewal.UNCHANGED);
    }

    private void mount(final Path certificate, final Path key) throws IOException {
        Files.copy(certificate, mounted.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(key, mounted.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The certificate a new connection is served, by a client trusting every key of this test. */
    private Certificate servedCertificate() throws IOException {
        try (SSLSocket socket = (SSLSocket) TestTls.trusting(first.certificate(), renewed.certificate())
                .getSocketFactory().createSocket("localhost", api.port())) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }
}
