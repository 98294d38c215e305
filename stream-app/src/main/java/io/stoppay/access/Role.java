package io.stoppay.access;

/**
 * What a principal may do on StopPay's HTTP surface. A principal holds one or more.
 *
 * <ul>
 *   <li>{@link #OFFICER}: a police anti-fraud centre's officer. Reads the warnings and statistics of
 *       its regions and records warning outcomes for them.</li>
 *   <li>{@link #ANALYST}: a bank's risk analyst. Reads the stop-payment alerts awaiting action and
 *       looks up subjects.</li>
 *   <li>{@link #ADMIN}: reads everything, in every region.</li>
 *   <li>{@link #SCRAPER}: Prometheus; reads {@code /metrics} and nothing else.</li>
 * </ul>
 */
public enum Role {
    OFFICER, ANALYST, ADMIN, SCRAPER
}
