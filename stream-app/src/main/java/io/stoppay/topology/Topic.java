package io.stoppay.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic's name with the serdes of its keys and values: a name never travels without them.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** How the topology reads this topic, under a processor name. */
    public Consumed<K, V> consumed(final String processorName) {
        return Consumed.with(keySerde, valueSerde).withName(processorName);
    }

    /** How the topology writes this topic, under a processor name. */
    public Produced<K, V> produced(final String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }
}
