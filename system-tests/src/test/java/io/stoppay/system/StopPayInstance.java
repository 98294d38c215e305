package io.stoppay.system;

import io.stoppay.access.Access;
import io.stoppay.config.StopPayConfig;
import io.stoppay.loadtest.bench.JavaProcess;
import io.stoppay.loadtest.bench.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One StopPay instance as an OS process of its own ({@code stoppay run}, the production entry
 * point), so that a test can SIGKILL it, pause it and start it again on the same state directory.
 * Every start writes a log file of its own; {@link #logs()} lists them for the PII scan.
 */
final class StopPayInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    /** The token of the administrator every instance's access file holds. */
    private static final String TOKEN = "system-test-admin-token-0123456789";
    private final Path dir;
    private final Path config;
    private final int httpPort;
    private final List<Path> logs = new ArrayList<>();
    private JavaProcess process;

    private StopPayInstance(final String name, final Path dir, final Path config, final int httpPort) {
        this.name = name;
        this.dir = dir;
        this.config = config;
        this.httpPort = httpPort;
    }

    /** An instance named {@code name} with its own state directory and HTTP port under {@code workDir}. */
    static StopPayInstance create(final String name, final Path workDir, final Map<String, String> settings) {
        final Path dir = workDir.resolve(name);
        final int port = Ports.free();
        final Properties props = new Properties();
        props.putAll(settings);
        props.put(StopPayConfig.STATE_DIR, dir.resolve("state").toString());
        props.put(StopPayConfig.HTTP_PORT, Integer.toString(port));
        // The reliability tests query over loopback what they fed; the transport is not what they test.
        props.put(StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true");
        props.put(StopPayConfig.HTTP_ADVERTISED_HOST, "localhost");
        props.put(StopPayConfig.ACCESS_FILE, dir.resolve("access.yaml").toString());
        try {
            Files.createDirectories(dir);
            // The checks read subjects whole, as an administrator would.
            Files.writeString(dir.resolve("access.yaml"), "principals:\n  - {name: system-test-admin, token-sha256: "
                    + Access.sha256Hex(TOKEN) + ", roles: [ADMIN], full-identifiers: true}\n");
            final Path config = dir.resolve("stoppay.properties");
            try (var writer = Files.newBufferedWriter(config)) {
                props.store(writer, "system test instance " + name);
            }
            return new StopPayInstance(name, dir, config, port);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    StopPayInstance start() {
        final Path log = dir.resolve("stoppay-" + (logs.size() + 1) + ".log");
        logs.add(log);
        process = JavaProcess.start(name, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), "io.stoppay.cli.StopPayCli",
                List.of("run", "--config", config.toString()), log);
        return this;
    }

    /** SIGKILL: no shutdown hook, no commit, no store flush. */
    void kill() {
        process.kill();
    }

    /** SIGSTOP: the process stalls as a long GC pause or a frozen VM would, holding its tasks. */
    void pause() {
        process.signal("STOP");
    }

    void resume() {
        process.signal("CONT");
    }

    /** SIGTERM and wait: the graceful shutdown a rolling restart does. */
    void stop() {
        process.close();
    }

    boolean alive() {
        return process != null && process.alive();
    }

    /** True when {@code /health/ready} answers 200. */
    boolean ready() {
        return alive() && status("/health/ready") == 200;
    }

    /** The HTTP status of a GET, or -1 when the instance does not answer. */
    int status(final String path) {
        final HttpResponse<String> response = get(path);
        return response == null ? -1 : response.statusCode();
    }

    /** The answer to a GET, or null when the instance does not answer. */
    HttpResponse<String> get(final String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            return null;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    Path stateDir() {
        return dir.resolve("state");
    }

    List<Path> logs() {
        return List.copyOf(logs);
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        if (process != null) {
            if (alive()) {
                resume();
            }
            process.close();
        }
    }

}
