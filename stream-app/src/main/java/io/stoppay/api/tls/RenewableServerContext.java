package io.stoppay.api.tls;

import io.stoppay.api.tls.HttpTransport.Renewal;
import io.stoppay.config.StopPayConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS connector's key, renewed without a restart: when the configured key files change
 * (cert-manager rewrites the Secret, the kubelet swaps the mounted files), they are read and checked
 * as at start ({@link ServerKeys}), and new connections get the new key; connections already open
 * keep theirs. A renewed key that fails a check is not served: the previous one stays, and the
 * reason is logged once per change of the files (never a password or key material).
 *
 * <p>Changes are noticed by the SHA-256 of the files' contents, not their times, so a rewrite that
 * keeps size and time counts too. Not thread-safe: one scheduler thread calls {@link #renewIfChanged()}.
 */
final class RenewableServerContext {

    private static final Logger LOG = LoggerFactory.getLogger(RenewableServerContext.class);
    private static final int PASSWORD_LENGTH = 32;

    private final StopPayConfig config;
    private final Clock clock;
    private final List<Path> files;
    /**
     * The password of the in-memory key store Jetty reads the key from: random, since Jetty's API
     * wants one, and it protects nothing outside this process.
     */
    private final char[] password = randomPassword();
    private final SslContextFactory.Server context = new SslContextFactory.Server();
    private String fingerprint;

    /** Serves {@code key}, read from the files {@code config} names, checked by {@code clock}'s time on renewal. */
    RenewableServerContext(final ServerKey key, final StopPayConfig config, final Clock clock) {
        this.config = config;
        this.clock = clock;
        this.files = keyFiles(config);
        this.fingerprint = fingerprint(files);
        context.setKeyStore(key.keyStore(password));
        context.setKeyStorePassword(new String(password));
        context.setKeyManagerPassword(new String(password));
        context.setIncludeProtocols(HttpTransport.PROTOCOLS);
    }

    /** Jetty's context of the connector. */
    SslContextFactory.Server context() {
        return context;
    }

    /** Serves the key of the files if they changed since the last look and their key passes the checks. */
    Renewal renewIfChanged() {
        final String now = fingerprint(files);
        if (now.equals(fingerprint)) {
            return Renewal.UNCHANGED;
        }
        // Remembered even when refused: the reason is logged once, and a further change is tried again.
        fingerprint = now;
        final ServerKey key;
        try {
            key = ServerKeys.load(config, clock.instant()).orElseThrow();
        } catch (final ConfigException e) {
            LOG.atWarn().setMessage("renewed HTTPS key not served; the previous one still is")
                    .addKeyValue("reason", e.getMessage()).log();
            return Renewal.REFUSED;
        }
        try {
            context.reload(reloaded -> reloaded.setKeyStore(key.keyStore(password)));
        } catch (final Exception e) {
            LOG.atWarn().setMessage("renewed HTTPS key not served; the previous one still is")
                    .addKeyValue("reason", e.getClass().getSimpleName()).log();
            return Renewal.REFUSED;
        }
        LOG.atInfo().setMessage("HTTPS key renewed")
                .addKeyValue("subject", key.certificate().getSubjectX500Principal().getName())
                .addKeyValue("notAfter", key.certificate().getNotAfter().toInstant()).log();
        return Renewal.RENEWED;
    }

    private static List<Path> keyFiles(final StopPayConfig config) {
        return Stream.of(StopPayConfig.HTTP_TLS_KEYSTORE, StopPayConfig.HTTP_TLS_CERTIFICATE,
                        StopPayConfig.HTTP_TLS_PRIVATE_KEY)
                .map(config::string).filter(file -> !file.isBlank()).map(Path::of).toList();
    }

    /** SHA-256 over the files' contents; a file that cannot be read counts as its own state. */
    private static String fingerprint(final List<Path> files) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (final Path file : files) {
                try {
                    digest.update(Files.readAllBytes(file));
                } catch (final IOException e) {
                    digest.update(("unreadable " + file).getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static char[] randomPassword() {
        final SecureRandom random = new SecureRandom();
        final char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        return password;
    }
}
