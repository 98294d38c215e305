package io.stoppay.api.tls;

import io.stoppay.config.StopPayConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * How the HTTP API is reached: HTTPS with the configured key (TLS 1.2 and 1.3 only), or plain HTTP
 * where the configuration explicitly allows it. The same choice makes the server's connector and the
 * client that forwards queries to other instances, which trusts only the configured certificates
 * ({@value StopPayConfig#HTTP_TLS_TRUST}) or, by default, this instance's own certificate, and always
 * verifies the other instance's certificate and host name.
 */
public final class HttpTransport {

    /** TLS 1.0 and 1.1 are broken (RFC 8996); the JDK disables them too, this says so here. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Optional<ServerKey> key;
    private final List<X509Certificate> trusted;

    private HttpTransport(final Optional<ServerKey> key, final List<X509Certificate> trusted) {
        this.key = key;
        this.trusted = List.copyOf(trusted);
    }

    /**
     * The transport the configuration asks for, its files read and checked.
     *
     * @throws ConfigException of one line naming the key to fix: a TLS file that cannot be used
     *                         ({@link ServerKeys#load}), or neither a TLS key nor
     *                         {@value StopPayConfig#HTTP_PLAINTEXT_ALLOWED}
     */
    public static HttpTransport from(final StopPayConfig config, final Clock clock) {
        final Optional<ServerKey> key = ServerKeys.load(config, clock.instant());
        if (key.isEmpty()) {
            if (!config.bool(StopPayConfig.HTTP_PLAINTEXT_ALLOWED)) {
                throw new ConfigException(StopPayConfig.HTTP_PLAINTEXT_ALLOWED + ": no HTTPS key is configured "
                        + "and plain HTTP is not allowed; set " + StopPayConfig.HTTP_TLS_CERTIFICATE + " and "
                        + StopPayConfig.HTTP_TLS_PRIVATE_KEY + " (PEM) or " + StopPayConfig.HTTP_TLS_KEYSTORE
                        + " and its password (PKCS#12), or " + StopPayConfig.HTTP_PLAINTEXT_ALLOWED
                        + "=true to serve plain HTTP");
            }
            return plaintext();
        }
        final String trust = config.string(StopPayConfig.HTTP_TLS_TRUST);
        return https(key.get(), trust.isBlank() ? List.of(key.get().certificate())
                : ServerKeys.certificates(StopPayConfig.HTTP_TLS_TRUST, Path.of(trust)));
    }

    /** Plain HTTP: for listeners that carry no personal data, and where the configuration allows it. */
    public static HttpTransport plaintext() {
        return new HttpTransport(Optional.empty(), List.of());
    }

    /** HTTPS with {@code key}, trusting {@code trusted} (and nothing else) when forwarding. */
    public static HttpTransport https(final ServerKey key, final List<X509Certificate> trusted) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("HTTPS forwarding needs at least one trusted certificate");
        }
        return new HttpTransport(Optional.of(key), trusted);
    }

    /** {@code https} or {@code http}: the scheme of this instance's URLs. */
    public String scheme() {
        return key.isPresent() ? "https" : "http";
    }

    /**
     * Jetty's connection factories for a connector speaking this transport with {@code http}'s
     * settings: TLS then HTTP/1.1, or HTTP/1.1 alone. A plain HTTP request on a TLS port fails the
     * handshake and is closed unanswered.
     */
    public ConnectionFactory[] connectionFactories(final HttpConfiguration http) {
        if (key.isEmpty()) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        final HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        return new ConnectionFactory[] {new SslConnectionFactory(serverContext(key.get()), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https)};
    }

    /** A client builder for other instances: TLS 1.2+ trusting only {@link #trusted}, when HTTPS. */
    public HttpClient.Builder client() {
        final HttpClient.Builder builder = HttpClient.newBuilder();
        if (key.isPresent()) {
            final SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(PROTOCOLS);
            builder.sslContext(trusting(trusted)).sslParameters(parameters);
        }
        return builder;
    }

    private static SslContextFactory.Server serverContext(final ServerKey key) {
        final char[] password = randomPassword();
        final SslContextFactory.Server context = new SslContextFactory.Server();
        context.setKeyStore(key.keyStore(password));
        context.setKeyStorePassword(new String(password));
        context.setKeyManagerPassword(new String(password));
        context.setIncludeProtocols(PROTOCOLS);
        return context;
    }

    /** An SSL context whose only trust anchors are {@code certificates}. */
    private static SSLContext trusting(final List<X509Certificate> certificates) {
        try {
            final KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                anchors.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (final GeneralSecurityException | IOException e) {
            // The JDK's own store and trust managers over parsed certificates: nothing to configure wrongly.
            throw new IllegalStateException("cannot build the forwarding client's trust", e);
        }
    }

    /**
     * The password of the in-memory key store Jetty reads the key from: random, since Jetty's API
     * wants one, and it protects nothing outside this process.
     */
    private static char[] randomPassword() {
        final SecureRandom random = new SecureRandom();
        final char[] password = new char[32];
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        return password;
    }
}
