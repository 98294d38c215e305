package io.stoppay.deploy;

import static io.stoppay.testing.KubernetesManifests.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoppay.access.AccessFile;
import io.stoppay.config.StopPayConfig;
import io.stoppay.testing.DeployedQueries;
import io.stoppay.testing.JsonValues;
import io.stoppay.testing.KubernetesManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose file cannot run here (no Docker engine), so what can be checked without one is:
 * StopPay accepts each instance's environment, the instances run the image Maven builds and keep
 * their state on a volume, the brokers they bootstrap from are the compose brokers (of the
 * clients' Kafka version), and Prometheus scrapes exactly the instances.
 */
class ComposeFileTest {

    private static JsonNode services;

    @BeforeAll
    static void readTheComposeFile() throws IOException {
        final String yaml = Files.readString(DeployedQueries.DEPLOY.resolve("compose/docker-compose.yml"));
        services = new ObjectMapper().valueToTree(new Yaml().load(yaml)).path("services");
    }

    @Test
    void shouldGiveEveryInstanceAnEnvironmentStopPayAccepts() {
        assertThat(stopPayServices()).hasSize(2).allSatisfy(name -> {
            final StopPayConfig config = config(name);
            assertThat(config.string(StopPayConfig.HTTP_ADVERTISED_HOST)).isEqualTo(name);
            assertThat(config.intValue(StopPayConfig.REPLICATION_FACTOR)).isEqualTo(3);
        });
    }

    /** The admin and every other principal come from one mounted access file that StopPay accepts. */
    @Test
    void shouldMountAValidAccessFileIntoEveryInstance() throws IOException {
        for (final String name : stopPayServices()) {
            final String mounted = config(name).string(StopPayConfig.ACCESS_FILE);
            final String volume = JsonValues.strings(services.path(name).path("volumes")).stream()
                    .filter(spec -> spec.contains(":" + mounted + ":")).findFirst().orElseThrow(
                            () -> new AssertionError(name + " does not mount " + mounted));
            final Path file = DeployedQueries.DEPLOY.resolve("compose").resolve(volume.substring(0, volume.indexOf(':')));
            final String yaml = Files.readString(file);
            assertThatCode(() -> AccessFile.parse(yaml)).as(name + ": " + file).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldRunTheImageTheStatefulSetRunsWithStateOnAVolume() throws IOException {
        final String image = only(KubernetesManifests.base(), "StatefulSet").at("/spec/template/spec/containers/0/image")
                .asText();

        assertThat(stopPayServices()).allSatisfy(name -> {
            final JsonNode service = services.path(name);
            assertThat(service.path("image").asText()).isEqualTo(image);
            final String stateDir = config(name).string(StopPayConfig.STATE_DIR);
            assertThat(JsonValues.strings(service.path("volumes"))).anySatisfy(volume ->
                    assertThat(stateDir).startsWith(volume.substring(volume.indexOf(':') + 1) + "/"));
        });
    }

    @Test
    void shouldBootstrapFromTheComposeBrokersOfTheClientsKafkaVersion() {
        final List<String> advertised = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            final JsonNode service = services.path(name);
            if (service.path("image").asText().startsWith("apache/kafka:")) {
                assertThat(service.path("image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
                final String listener = service.at("/environment/KAFKA_ADVERTISED_LISTENERS").asText();
                advertised.add(listener.substring(listener.indexOf("://") + 3));
            }
        });

        assertThat(advertised).hasSize(3);
        assertThat(stopPayServices()).allSatisfy(name -> assertThat(
                List.of(environment(name).get("STOPPAY_KAFKA_BOOTSTRAP_SERVERS").split(",")))
                .containsExactlyInAnyOrderElementsOf(advertised));
    }

    /** The apache/kafka image reads {@code KAFKA_X_Y} as the broker setting {@code x.y}. */
    @Test
    void shouldGiveEveryBrokerTheSettingsFailoverDependsOn() {
        final List<String> brokers = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            if (services.path(name).path("image").asText().startsWith("apache/kafka:")) {
                brokers.add(name);
                final Map<String, String> settings = new HashMap<>();
                services.path(name).path("environment").fields().forEachRemaining(variable -> {
                    if (variable.getKey().startsWith("KAFKA_")) {
                        settings.put(variable.getKey().substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                                .replace('_', '.'), variable.getValue().asText());
                    }
                });
                BrokerFailoverSettings.assertSetIn(settings, name);
            }
        });
        assertThat(brokers).hasSize(3);
    }

    @Test
    void shouldHavePrometheusScrapeExactlyTheInstancesOnTheirTokenlessMetricsListener() throws IOException {
        final JsonNode prometheus = KubernetesManifests.parse(
                Files.readString(DeployedQueries.DEPLOY.resolve("prometheus/prometheus.yml"))).get(0);
        final List<String> targets = JsonValues.strings(prometheus.at("/scrape_configs/0/static_configs/0/targets"));

        assertThat(targets).containsExactlyInAnyOrderElementsOf(stopPayServices().stream()
                .map(name -> name + ":" + config(name)
                        .intValue(StopPayConfig.METRICS_PORT)).toList());
    }

    private static List<String> stopPayServices() {
        final List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            if (services.path(name).path("image").asText().startsWith("stoppay:")) {
                names.add(name);
            }
        });
        return names;
    }

    /** The configuration StopPay makes of a service's environment. */
    private static StopPayConfig config(final String service) {
        return StopPayConfig.load(new Properties(), environment(service));
    }

    private static Map<String, String> environment(final String service) {
        final Map<String, String> env = new HashMap<>();
        services.path(service).path("environment").fields()
                .forEachRemaining(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        return env;
    }

}
