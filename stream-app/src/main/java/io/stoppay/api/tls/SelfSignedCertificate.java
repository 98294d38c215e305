package io.stoppay.api.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh key and a self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the
 * JDK's own {@code keytool} (the JDK has no public API to sign a certificate): for the demo, which
 * must serve HTTPS with one command and no files of its own, and for tests. Never for production,
 * where a CA (cert-manager, the bank's PKI) issues the certificate.
 *
 * <p>The password reaches keytool through its environment ({@code -storepass:env}), not its command
 * line, which other users of the machine can read.
 */
public final class SelfSignedCertificate {

    /** The key's algorithm: EC P-256 (small and fast, what browsers prefer) or RSA 2048. */
    public enum KeyAlgorithm {
        EC("-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA"),
        RSA("-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA");

        private final List<String> options;

        KeyAlgorithm(final String... options) {
            this.options = List.of(options);
        }
    }

    private static final String PASSWORD_VARIABLE = "STOPPAY_KEYTOOL_PASSWORD";
    private static final String ALIAS = "stoppay";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private SelfSignedCertificate() {
    }

    /**
     * Writes a new PKCS#12 key store {@code keystore} (replacing one there) with one key whose
     * certificate names localhost and 127.0.0.1, valid from {@code startDaysAgo} days before now
     * for {@code validityDays} days (a start in the past tolerates clocks a little behind; a
     * validity that ends before now makes an expired certificate, for tests), and the certificate
     * alone as PEM in {@code certificatePem}, for clients to trust.
     *
     * @param password the key store's and the key's password
     * @throws IOException when keytool is missing, fails, or the files cannot be written
     */
    public static void create(final Path keystore, final Path certificatePem, final char[] password,
                              final KeyAlgorithm algorithm, final int startDaysAgo, final int validityDays)
            throws IOException {
        Files.deleteIfExists(keystore);
        final List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", ALIAS));
        generate.addAll(algorithm.options);
        generate.addAll(List.of("-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-startdate", "-" + startDaysAgo + "d", "-validity", Integer.toString(validityDays),
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE));
        keytool(generate, password);
        keytool(List.of("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keystore.toString(),
                "-storepass:env", PASSWORD_VARIABLE, "-file", certificatePem.toString()), password);
    }

    private static void keytool(final List<String> arguments, final char[] password) throws IOException {
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("no keytool in " + keytool.getParent() + ": run with a full JDK or JRE");
        }
        final List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(arguments);
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, new String(password));
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output.strip());
        }
    }
}
