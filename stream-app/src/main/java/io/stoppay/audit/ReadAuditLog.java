package io.stoppay.audit;

import stoppay.v1.SubjectReadAudit;

/** Where the audit of subject reads goes: the retained audit topic in production ({@link KafkaReadAuditLog}). */
@FunctionalInterface
public interface ReadAuditLog {

    /**
     * Records {@code audit} durably before returning.
     *
     * @throws AuditUnavailableException when it could not be recorded; the read must then not be answered
     */
    void record(SubjectReadAudit audit);
}
