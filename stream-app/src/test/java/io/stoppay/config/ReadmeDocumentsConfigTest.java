package io.stoppay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every configuration key is documented in the README's configuration table. */
class ReadmeDocumentsConfigTest {

    @Test
    void shouldDocumentEveryConfigurationKeyInTheReadme() throws IOException {
        final String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);

        assertThat(StopPayConfig.DEFINITION.names())
                .allSatisfy(key -> assertThat(readme).as("README documents %s", key).contains("| `" + key + "` |"));
    }
}
