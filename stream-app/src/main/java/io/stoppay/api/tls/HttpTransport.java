package io.stoppay.api.tls;

import io.stoppay.config.StopPayConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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

    /** What a look at the HTTPS key files came to ({@link #renewKeyIfChanged()}). */
    public enum Renewal {
        /** The files are as they were (or there is no HTTPS). */
        UNCHANGED,
        /** The files changed, and their key is served to new connections from now on. */
        RENEWED,
        /** The files changed but their key cannot serve (logged); the previous one still does. */
        REFUSED
    }

    private final Optional<RenewableServerContext> server;
    private final List<X509Certificate> trusted;

    private HttpTransport(final Optional<RenewableServerContext> server, final List<X509Certificate> trusted) {
        this.server = server;
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
        return new HttpTransport(Optional.of(new RenewableServerContext(key.get(), config, clock)),
                trust.isBlank() ? List.of(key.get().certificate())
                        : ServerKeys.certificates(StopPayConfig.HTTP_TLS_TRUST, Path.of(trust)));
    }

    /** Plain HTTP: for listeners that carry no personal data, and where the configuration allows it. */
    public static HttpTransport plaintext() {
        return new HttpTransport(Optional.empty(), List.of());
    }

    /** {@code https} or {@code http}: the scheme of this instance's URLs. */
    public String scheme() {
        return server.isPresent() ? "https" : "http";
    }

    /**
     * Serves a renewed key to new connections when the configured key files changed since the last
     * call and pass the checks of the start ({@link ServerKeys#load}); call it periodically. The
     * forwarding client's trust is not renewed: with the default (this instance's own certificate),
     * configure {@value StopPayConfig#HTTP_TLS_TRUST} with the issuing CA so that instances renewed at
     * different moments still trust each other.
     */
    public Renewal renewKeyIfChanged() {
        return server.map(RenewableServerContext::renewIfChanged).orElse(Renewal.UNCHANGED);
    }

    /**
     * Jetty's connection factories for a connector speaking this transport with {@code http}'s
     * settings: TLS then HTTP/1.1, or HTTP/1.1 alone. A plain HTTP request on a TLS port fails the
     * handshake and is closed unanswered.
     */
    public ConnectionFactory[] connectionFactories(final HttpConfiguration http) {
        if (server.isEmpty()) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        final HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        return new ConnectionFactory[] {new SslConnectionFactory(server.get().context(), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https)};
    }

    /** A client builder for other instances: TLS 1.2+ trusting only {@link #trusted}, when HTTPS. */
    public HttpClient.Builder client() {
        final HttpClient.Builder builder = HttpClient.newBuilder();
        if (server.isPresent()) {
            final SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(PROTOCOLS);
            builder.sslContext(trusting(trusted)).sslParameters(parameters);
        }
        return builder;
    }

    /** An SSL context whose only trust anchors are {@code certificates} (the tests' clients use it too). */
    public static SSLContext trusting(final List<X509Certificate> certificates) {
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
            throw new IllegalStateException("cannot build a client's trust", e);
        }
    }
}
