package io.stoppay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** The manifests under {@code deploy/k8s}, parsed, for tests that hold other parts of StopPay to them. */
public final class KubernetesManifests {

    public static final Path K8S = DeployedQueries.DEPLOY.resolve("k8s");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private KubernetesManifests() {
    }

    /** Every document of the base manifests. */
    public static List<JsonNode> base() throws IOException {
        final List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S.resolve("base"))) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(parse(Files.readString(file)));
            }
        }
        return documents;
    }

    /** StopPay's configuration as the base ConfigMap gives it. */
    public static Properties configMapProperties() throws IOException {
        final Properties properties = new Properties();
        properties.load(new StringReader(only(base(), "ConfigMap").at("/data/stoppay.properties").asText()));
        return properties;
    }

    /** The documents of a multi-document YAML stream, empty ones left out. */
    public static List<JsonNode> parse(final String yaml) throws IOException {
        try (var parser = YAML.getFactory().createParser(yaml)) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream().filter(doc -> !doc.isNull()).toList();
        }
    }

    /** The one document of {@code kind}; fails the test when there is not exactly one. */
    public static JsonNode only(final List<JsonNode> documents, final String kind) {
        final List<JsonNode> found = documents.stream().filter(doc -> doc.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }
}
