package io.stoppay.restriction;

import org.apache.avro.specific.SpecificRecord;

/**
 * What the graph task publishes: a subject's new restriction status, or a holder's new count of
 * linked accounts and cards. The kind travels with the value because a tombstone has no type.
 * Only passed between processors of one task, never serialized.
 */
public record GraphChange(Kind kind, SpecificRecord value) {

    /** Which topic a change belongs on. */
    public enum Kind { RESTRICTION, USAGE }
}
