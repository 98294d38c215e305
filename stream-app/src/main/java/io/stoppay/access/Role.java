package io.stoppay.access;

/**
 * What a principal may do on StopPay's HTTP surface. A principal holds one or more.
 *
 * <ul>
 *   <li>{@link #OFFICER}: a police anti-fraud centre's officer. Reads the warnings and statistics of
 *       its regions and records warning outcomes for them.</li>
 *   <li>{@link #ANALYST}: a bank's risk analyst. Reads the stop-payment alerts awaiting action and
 *       looks up subjects.</li>
 *   <li>{@link #ADMIN}: reads everything, in every region, and maintains the risk lists
 *       ({@code /v1/admin/lists}): a listing stops payments of every bank in every region, beyond
 *       what an officer's regions or an analyst's banks cover.</li>
 *   <li>{@link #SCRAPER}: Prometheus; reads {@code /metrics} and nothing else.</li>
 * </ul>
 */
public enum Role {
    OFFICER, ANALYST, ADMIN, SCRAPER
}
