package io.stoppay.deploy;

import static io.stoppay.testing.KubernetesManifests.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoppay.config.StopPayConfig;
import io.stoppay.testing.KubernetesManifests;
import io.stoppay.topology.Topics;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests parse, carry what an operator relies on (probes on the health
 * endpoints, a volume per pod, non-root, limits, anti-affinity, secrets by reference, HTTPS from a
 * TLS Secret), their
 * configuration is one StopPay accepts, and their topics are exactly StopPay's, compacted where the
 * contract says. With {@code kubectl} on the PATH, both overlays also render with its kustomize.
 */
class KubernetesManifestsTest {


    @Test
    void shouldParseEveryDocumentAsAKubernetesObject() throws IOException {
        final List<JsonNode> documents = KubernetesManifests.base();

        assertThat(documents).isNotEmpty().allSatisfy(doc -> {
            assertThat(doc.path("apiVersion").asText()).as(doc.toString()).isNotBlank();
            assertThat(doc.path("kind").asText()).as(doc.toString()).isNotBlank();
        });
        assertThat(documents.stream().filter(doc -> !doc.path("kind").asText().equals("Kustomization")))
                .allSatisfy(doc -> assertThat(doc.at("/metadata/name").asText()).as(doc.toString()).isNotBlank());
        assertThat(documents.stream().map(doc -> doc.path("kind").asText())).contains("StatefulSet", "Service",
                "ConfigMap", "PodDisruptionBudget", "ServiceMonitor", "KafkaTopic", "Kustomization");
    }

    /**
     * Every overlay keeps the base configuration (HTTPS, the access file, the metrics port) and
     * changes only what differs through STOPPAY_* variables that StopPay accepts; and the kubelet
     * waits longer than StopPay's shutdown. Checked without kubectl: the overlays' patches are read
     * as they are written.
     */
    @Test
    void shouldKeepTheBaseConfigurationInEveryOverlayAndWaitLongerThanTheShutdown() throws IOException {
        final JsonNode baseSet = only(KubernetesManifests.base(), "StatefulSet");
        for (final String overlay : List.of("small", "large")) {
            final JsonNode kustomization = KubernetesManifests.parse(Files.readString(
                    KubernetesManifests.K8S.resolve("overlays").resolve(overlay).resolve("kustomization.yaml"))).get(0);
            final Map<String, String> environment = new HashMap<>();
            long graceSeconds = baseSet.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
            for (final JsonNode patch : kustomization.path("patches")) {
                assertThat(patch.at("/target/kind").asText()).as(overlay + ": a patch of the ConfigMap would copy it")
                        .isNotEqualTo("ConfigMap");
                for (final JsonNode op : KubernetesManifests.parse(patch.path("patch").asText()).get(0)) {
                    if (op.path("path").asText().equals("/spec/template/spec/containers/0/env/-")) {
                        environment.put(op.at("/value/name").asText(), op.at("/value/value").asText());
                    }
                    if (op.path("path").asText().equals("/spec/template/spec/terminationGracePeriodSeconds")) {
                        graceSeconds = op.path("value").asLong();
                    }
                }
            }
            final StopPayConfig config = StopPayConfig.load(KubernetesManifests.configMapProperties(), environment);

            assertThat(config.intValue(StopPayConfig.METRICS_PORT)).as(overlay).isEqualTo(9404);
            assertThat(config.string(StopPayConfig.ACCESS_FILE)).as(overlay).isNotBlank();
            assertThat(config.string(StopPayConfig.HTTP_TLS_CERTIFICATE)).as(overlay).isNotBlank();
            assertThat(config.longValue(StopPayConfig.SHUTDOWN_TIMEOUT_MS)).as(overlay + ": shutdown within the grace period")
                    .isLessThan(TimeUnit.SECONDS.toMillis(graceSeconds));
            if (overlay.equals("large")) {
                assertThat(config.longValue(StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES)).isEqualTo(2L << 30);
            }
        }
    }

    @Test
    void shouldRunStopPayAsAStatefulSetAnOperatorCanLiveWith() throws IOException {
        final JsonNode set = only(KubernetesManifests.base(), "StatefulSet");
        final JsonNode pod = set.at("/spec/template/spec");
        final JsonNode container = pod.at("/containers/0");

        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();
        assertThat(container.at("/resources/requests/cpu").asText()).isNotBlank();
        assertThat(container.path("args").toString()).contains("\"run\"");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/affinity/podAntiAffinity").isMissingNode()).isFalse();
        assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("state");
        assertThat(set.at("/spec/serviceName").asText()).isEqualTo("stoppay-headless");
        final Map<String, String> secrets = new HashMap<>();
        container.path("env").forEach(env -> {
            if (env.at("/valueFrom/secretKeyRef").isObject()) {
                secrets.put(env.path("name").asText(), env.at("/valueFrom/secretKeyRef/name").asText());
            }
        });
        // The list admin API's administrators are principals of the stoppay-access Secret, no token of their own.
        assertThat(secrets).containsEntry("STOPPAY_KAFKA_SASL_JAAS_CONFIG", "stoppay-kafka")
                .doesNotContainKey("STOPPAY_ADMIN_TOKEN").doesNotContainValue("stoppay-admin");
        assertThat(pod.path("volumes").findValuesAsText("secretName")).contains("stoppay-access");
    }

    @Test
    void shouldLetPrometheusScrapeTheTokenlessMetricsListenerAndKeepTheApiBehindTheAccessFile() throws IOException {
        final StopPayConfig parsed = StopPayConfig.load(KubernetesManifests.configMapProperties(), Map.of());
        final JsonNode pod = only(KubernetesManifests.base(), "StatefulSet").at("/spec/template");
        final Map<String, Integer> ports = new HashMap<>();
        pod.at("/spec/containers/0/ports").forEach(port -> ports.put(port.path("name").asText(),
                port.path("containerPort").asInt()));
        final JsonNode scrape = only(KubernetesManifests.base(), "ServiceMonitor").at("/spec/endpoints/0");

        assertThat(ports).containsEntry("metrics", parsed.intValue(StopPayConfig.METRICS_PORT))
                .containsEntry("http", parsed.intValue(StopPayConfig.HTTP_PORT));
        assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText())
                .isEqualTo(Integer.toString(parsed.intValue(StopPayConfig.METRICS_PORT)));
        assertThat(scrape.path("port").asText()).isEqualTo("metrics");
        assertThat(parsed.string(StopPayConfig.ACCESS_FILE)).startsWith("/etc/stoppay/access/");
        assertThat(pod.at("/spec/containers/0/volumeMounts").findValuesAsText("mountPath"))
                .contains(Path.of(parsed.string(StopPayConfig.ACCESS_FILE)).getParent().toString());
    }

    @Test
    void shouldServeTheApiOverHttpsFromTheTlsSecretAndProbeItOverHttps() throws IOException {
        final StopPayConfig parsed = StopPayConfig.load(KubernetesManifests.configMapProperties(), Map.of());
        final JsonNode pod = only(KubernetesManifests.base(), "StatefulSet").at("/spec/template/spec");
        final JsonNode container = pod.at("/containers/0");
        final JsonNode volume = volumeNamed(pod, "https");
        final Path certificate = Path.of(parsed.string(StopPayConfig.HTTP_TLS_CERTIFICATE));
        final Path key = Path.of(parsed.string(StopPayConfig.HTTP_TLS_PRIVATE_KEY));

        // HTTPS from PEM files, never plain HTTP, and the files are the Secret's tls.crt and tls.key
        assertThat(parsed.bool(StopPayConfig.HTTP_PLAINTEXT_ALLOWED)).isFalse();
        assertThat(parsed.string(StopPayConfig.HTTP_TLS_KEYSTORE)).isEmpty();
        assertThat(volume.at("/secret/secretName").asText()).isEqualTo("stoppay-tls");
        final Map<String, String> items = new HashMap<>();
        volume.at("/secret/items").forEach(item -> items.put(item.path("key").asText(), item.path("path").asText()));
        final Path trust = Path.of(parsed.string(StopPayConfig.HTTP_TLS_TRUST));
        assertThat(items).containsEntry("tls.crt", certificate.getFileName().toString())
                .containsEntry("tls.key", key.getFileName().toString())
                .containsEntry("ca.crt", trust.getFileName().toString());
        final JsonNode mount = mountNamed(container, "https");
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        // A directory mount (no subPath), so that a renewed Secret reaches the files (served within a second)
        assertThat(mount.path("subPath").isMissingNode()).isTrue();
        assertThat(List.of(certificate.getParent(), key.getParent(), trust.getParent()))
                .containsOnly(Path.of(mount.path("mountPath").asText()));
        // The kubelet probes the HTTPS port over HTTPS; Prometheus keeps the plain metrics listener
        assertThat(container.at("/readinessProbe/httpGet/scheme").asText()).isEqualTo("HTTPS");
        assertThat(container.at("/livenessProbe/httpGet/scheme").asText()).isEqualTo("HTTPS");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
        final JsonNode scrape = only(KubernetesManifests.base(), "ServiceMonitor").at("/spec/endpoints/0");
        assertThat(scrape.path("scheme").asText("http")).isEqualTo("http");
        // Forwarding reaches a pod by its headless-service name, which the shared certificate must name
        assertThat(container.path("env").findValuesAsText("value"))
                .contains("$(POD_NAME).stoppay-headless.stoppay.svc.cluster.local");
    }

    private static JsonNode volumeNamed(final JsonNode pod, final String name) {
        for (final JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static JsonNode mountNamed(final JsonNode container, final String name) {
        for (final JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(name)) {
                return mount;
            }
        }
        throw new AssertionError("no volume mount " + name);
    }

    @Test
    void shouldConfigureStopPayWithSettingsItAccepts() throws IOException {
        final StopPayConfig parsed = StopPayConfig.load(KubernetesManifests.configMapProperties(), Map.of());

        assertThat(parsed.string(StopPayConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(parsed.intValue(StopPayConfig.NUM_STANDBY_REPLICAS)).isEqualTo(1);
        assertThat(parsed.intValue(StopPayConfig.REPLICATION_FACTOR)).isEqualTo(3);
    }

    @Test
    void shouldDefineExactlyStopPaysTopicsReplicatedAndCompactedAsTheContractSays() throws IOException {
        final Topics topics = Topics.from(StopPayConfig.of(Map.of()));
        final List<JsonNode> definitions = KubernetesManifests.base().stream()
                .filter(doc -> doc.path("kind").asText().equals("KafkaTopic")).toList();

        assertThat(definitions.stream().map(t -> t.at("/spec/topicName").asText()))
                .containsExactlyInAnyOrderElementsOf(topics.all());
        assertThat(definitions.stream().filter(t -> t.at("/spec/config/cleanup.policy").asText().equals("compact"))
                .map(t -> t.at("/spec/topicName").asText())).containsExactlyInAnyOrderElementsOf(topics.compacted());
        assertThat(definitions.stream().filter(t -> t.at("/spec/config/message.timestamp.type").asText()
                .equals("LogAppendTime")).map(t -> t.at("/spec/topicName").asText()))
                .containsExactly(topics.payments().name());
        assertThat(definitions).allSatisfy(t -> {
            assertThat(t.at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(t.at("/spec/config/min.insync.replicas").asText()).isEqualTo("2");
        });
    }

    @Test
    void shouldRenderBothOverlaysWithKustomizeWhenKubectlIsAvailable() throws Exception {
        final Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH");
        for (final String overlay : List.of("small", "large")) {
            final Process process = new ProcessBuilder(kubectl.toString(), "kustomize",
                    KubernetesManifests.K8S.resolve("overlays").resolve(overlay).toString()).redirectErrorStream(true).start();
            final String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(rendered).isZero();
            final List<JsonNode> documents = KubernetesManifests.parse(rendered);
            final Set<Integer> partitions = documents.stream().filter(doc -> doc.path("kind").asText().equals("KafkaTopic"))
                    .map(doc -> doc.at("/spec/partitions").asInt()).collect(Collectors.toSet());
            assertThat(partitions).as(overlay + " partitions").containsExactly(overlay.equals("small") ? 6 : 24);
            assertThat(only(documents, "StatefulSet").at("/spec/replicas").asInt())
                    .isEqualTo(overlay.equals("small") ? 2 : 6);
        }
    }
}
