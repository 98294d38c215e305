package io.stoppay.topology;

import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.rules.RuleBook;
import io.stoppay.rules.RuleSettings;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.state.RecentValues;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.v1.RuleSet;

/**
 * The ruleset in force: the latest accepted one for the configured id, read from the global
 * {@code rulesets} store (through the bytes kept on the heap, which a write forgets) on every
 * payment, so a new version takes effect on every instance without a restart. The store holds the
 * encoded bytes; the parsed rule book is rebuilt only when they change. Until a ruleset is
 * published, the built-in one applies.
 */
final class RuleBookSource {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBookSource.class);
    private static final AvroSerde<RuleSet> SERDE = AvroSerde.of(RuleSet.class);

    private final RecentValues<byte[]> recentRulesets;
    private final Function<String, byte[]> storedRuleset;
    private final String rulesetId;
    private final RuleSettings settings;
    private final InterceptionMetrics metrics;
    private final RuleBook builtIn;
    private byte[] currentBytes;
    private RuleBook current;
    private RuleBook reported;

    RuleBookSource(final ProcessingContext context, final DecisionSettings settings) {
        final KeyValueStore<String, ValueAndTimestamp<byte[]>> rulesets =
                context.getStateStore(InterceptionTopology.RULESETS);
        this.recentRulesets = settings.recentRulesets();
        this.storedRuleset = id -> ValueAndTimestamp.getValueOrNull(rulesets.get(id));
        this.rulesetId = settings.rulesetId();
        this.settings = settings.rules();
        this.metrics = settings.metrics();
        this.builtIn = RuleBook.builtIn(this.settings);
        this.current = builtIn;
    }

    RuleBook current() {
        final byte[] bytes = recentRulesets.get(rulesetId, storedRuleset);
        if (bytes == null) {
            return inForce(builtIn);
        }
        // The same array while it is kept: compared only after a write made it read anew.
        if (bytes != currentBytes && !Arrays.equals(bytes, currentBytes)) {
            current = RuleBook.from(SERDE.decode(bytes), settings);
            currentBytes = bytes;
            LOG.atInfo().setMessage("ruleset in force").addKeyValue("rulesetId", rulesetId)
                    .addKeyValue("version", current.version()).log();
        }
        return inForce(current);
    }

    private RuleBook inForce(final RuleBook ruleBook) {
        if (ruleBook != reported) {
            metrics.rulesetInForce(rulesetId, ruleBook.version());
            reported = ruleBook;
        }
        return ruleBook;
    }
}
