package io.stoppay.outcome;

import stoppay.v1.ListAudit;
import stoppay.v1.RiskListEntry;

/**
 * One listing the outcome loop writes: the entry under its key on {@code risk.lists.v1} and its
 * audit record under its key on {@code risk.lists.audit.v1}. Travels only between processors of
 * one task (never serialized); both records are written in the task's transaction.
 */
public record ListChange(String listKey, RiskListEntry entry, String auditKey, ListAudit audit) {
}
