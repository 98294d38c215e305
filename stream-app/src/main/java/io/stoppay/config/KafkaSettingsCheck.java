package io.stoppay.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Checks the {@code kafka.*} settings before any Kafka client sees them, so that a bad one is
 * reported as one line naming its key and what is wrong, never its value: Kafka's own
 * {@link ConfigException} quotes the value ({@code Invalid value … for configuration …}), and
 * under {@code kafka.*} the value may be a password ({@code kafka.ssl.keystore.password}) or a
 * JAAS config holding one.
 *
 * <p>Keys Kafka does not define pass unchecked: the clients ignore them with a warning that names
 * only the key.
 */
final class KafkaSettingsCheck {

    /** Where Kafka Streams passes a prefixed setting, and the definitions that then judge it. */
    private static final List<Map.Entry<String, List<ConfigDef>>> PREFIXES = List.of(
            Map.entry(StreamsConfig.MAIN_CONSUMER_PREFIX, List.of(ConsumerConfig.configDef())),
            Map.entry(StreamsConfig.RESTORE_CONSUMER_PREFIX, List.of(ConsumerConfig.configDef())),
            Map.entry(StreamsConfig.GLOBAL_CONSUMER_PREFIX, List.of(ConsumerConfig.configDef())),
            Map.entry(StreamsConfig.CONSUMER_PREFIX, List.of(ConsumerConfig.configDef())),
            Map.entry(StreamsConfig.PRODUCER_PREFIX, List.of(ProducerConfig.configDef())),
            Map.entry(StreamsConfig.ADMIN_CLIENT_PREFIX, List.of(AdminClientConfig.configDef())),
            Map.entry("", List.of(StreamsConfig.configDef(), ProducerConfig.configDef(), ConsumerConfig.configDef(),
                    AdminClientConfig.configDef())));
    /** Kafka's keys that name a file a client reads at start (keystores, truststores). */
    private static final String FILE_KEY_SUFFIX = ".location";

    private KafkaSettingsCheck() {
    }

    /**
     * Parses and validates each setting as every Kafka client that defines it would.
     *
     * @param kafka the settings without their {@code kafka.} prefix
     * @throws ConfigException naming the {@code kafka.*} key and what is wrong, without the value
     */
    static void checkValues(final Map<String, ?> kafka) {
        kafka.forEach((name, value) -> {
            final Map.Entry<String, List<ConfigDef>> scope = PREFIXES.stream()
                    .filter(prefix -> name.startsWith(prefix.getKey())).findFirst().orElseThrow();
            final String unprefixed = name.substring(scope.getKey().length());
            final ConfigDef.ConfigKey streams = scope.getKey().isEmpty()
                    ? StreamsConfig.configDef().configKeys().get(unprefixed) : null;
            for (final ConfigDef definition : scope.getValue()) {
                final ConfigDef.ConfigKey key = definition.configKeys().get(unprefixed);
                if (key != null && (streams == null || key == streams || sameMeaning(key, streams))) {
                    check(name, key, value);
                }
            }
        });
    }

    /**
     * Whether a client defines a bare key as Kafka Streams does. Where Streams gives a key its own
     * meaning ({@code group.protocol}: {@code streams} or {@code classic} for Streams, {@code consumer}
     * or {@code classic} for a consumer), Streams reads the bare key and sets the clients' own, so
     * only its definition judges it; the clients' are reached through their prefixes.
     */
    private static boolean sameMeaning(final ConfigDef.ConfigKey client, final ConfigDef.ConfigKey streams) {
        return client.type == streams.type && String.valueOf(client.validator).equals(String.valueOf(streams.validator));
    }

    private static void check(final String name, final ConfigDef.ConfigKey key, final Object value) {
        final Object parsed;
        try {
            parsed = ConfigDef.parseType(key.name, value, key.type);
        } catch (final ConfigException e) {
            throw new ConfigException(StopPayConfig.KAFKA_PREFIX + name + ": not a valid " + key.type.name()
                    .toLowerCase(Locale.ROOT) + " (value not shown: kafka.* values may be secrets)");
        }
        if (key.validator != null && parsed != null) {
            try {
                key.validator.ensureValid(key.name, parsed);
            } catch (final ConfigException e) {
                throw new ConfigException(StopPayConfig.KAFKA_PREFIX + name + ": not an allowed value; allowed: "
                        + key.validator + " (value not shown: kafka.* values may be secrets)");
            }
        }
    }

    /**
     * Checks that every file a Kafka client would read at start ({@code kafka.ssl.keystore.location},
     * {@code kafka.ssl.truststore.location}, …) is a readable file: a missing one otherwise fails
     * deep inside the first client with a stack trace.
     *
     * @throws ConfigException naming the key, not the path
     */
    static void checkFiles(final Map<String, ?> kafka) {
        kafka.forEach((name, value) -> {
            if (name.endsWith(FILE_KEY_SUFFIX) && value != null && !value.toString().isBlank()
                    && !readableFile(value.toString().trim())) {
                throw new ConfigException(StopPayConfig.KAFKA_PREFIX + name
                        + ": no readable file at the path it names");
            }
        });
    }

    private static boolean readableFile(final String path) {
        try {
            final Path file = Path.of(path);
            return Files.isRegularFile(file) && Files.isReadable(file);
        } catch (final InvalidPathException e) {
            return false;
        }
    }
}
