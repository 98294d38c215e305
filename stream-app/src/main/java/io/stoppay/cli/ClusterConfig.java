package io.stoppay.cli;

import io.stoppay.config.StopPayConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * The configuration of a command that talks to a Kafka cluster: the {@code --config} properties
 * file, overridden by {@code STOPPAY_*} environment variables, and a cluster it must name
 * ({@code kafka.bootstrap.servers}). A picocli mixin for the {@code --config} option, and the
 * loader {@code run} uses too.
 */
final class ClusterConfig {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (see the README for the keys).")
    private Path file;

    /** The configuration from this mixin's {@code --config} and the environment. */
    StopPayConfig load() {
        return load(file);
    }

    /**
     * The configuration from {@code file} (may be null) and the environment.
     *
     * @throws StopPayCli.UsageException when the file cannot be read or no cluster is configured
     * @throws org.apache.kafka.common.config.ConfigException naming the key, when a value is wrong or a
     *         keystore or truststore the Kafka clients would read is missing
     */
    static StopPayConfig load(final Path file) {
        final StopPayConfig config = StopPayConfig.load(readConfigFile(file), System.getenv());
        if (!config.kafka().containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new StopPayCli.UsageException("no Kafka cluster configured: set kafka.bootstrap.servers "
                    + "(or STOPPAY_KAFKA_BOOTSTRAP_SERVERS)");
        }
        // Before any client: a missing keystore would otherwise fail inside the first one, as a stack trace.
        config.checkKafkaFiles();
        return config;
    }

    /** Reads a properties file; no file means defaults and environment only. */
    static Properties readConfigFile(final Path file) {
        final Properties properties = new Properties();
        if (file == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (final IOException e) {
            final String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
            throw new StopPayCli.UsageException("cannot read config file " + file + ": " + why);
        }
    }
}
