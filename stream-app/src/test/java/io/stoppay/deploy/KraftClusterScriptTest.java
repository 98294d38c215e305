package io.stoppay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.testing.DeployedQueries;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/cluster/kraft-cluster.sh} writes each node's broker properties from a here-document
 * ({@code <<PROPS}); those properties are read here as the broker reads them.
 */
class KraftClusterScriptTest {

    @Test
    void shouldGiveEveryNodeTheBrokerSettingsFailoverDependsOn() throws IOException {
        final String script = Files.readString(DeployedQueries.DEPLOY.resolve("cluster/kraft-cluster.sh"));
        final int start = script.indexOf("<<PROPS\n");
        assertThat(start).as("the node properties' here-document").isPositive();
        final String document = script.substring(start + "<<PROPS\n".length(), script.indexOf("\nPROPS\n", start));
        final Properties node = new Properties();
        node.load(new StringReader(document));
        final Map<String, String> settings = new HashMap<>();
        node.stringPropertyNames().forEach(key -> settings.put(key, node.getProperty(key)));

        assertThat(settings).containsEntry("process.roles", "broker,controller");
        BrokerFailoverSettings.assertSetIn(settings, "kraft-cluster.sh node properties");
    }
}
