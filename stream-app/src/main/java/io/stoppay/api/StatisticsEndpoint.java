package io.stoppay.api;

import io.stoppay.access.Forbidden;
import io.stoppay.access.GuardedEndpoint;
import io.stoppay.access.Jurisdiction;
import io.stoppay.access.Principal;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.statistics.DailyStatistics;
import io.stoppay.statistics.RegionDay;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.jetty.http.QuotedQualityCSV;
import stoppay.v1.Action;
import stoppay.v1.MinuteCount;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.StopPaymentOutcomeKind;
import stoppay.v1.WarningKind;
import stoppay.v1.WarningOutcomeKind;

/**
 * Statistics per region and Beijing day for the authorities, as JSON or CSV, from the global store of
 * the statistics topic (the same on every instance, so any instance answers without forwarding):
 *
 * <ul>
 *   <li>{@code GET /v1/statistics/regions/{region}?from=yyyy-MM-dd&to=yyyy-MM-dd}: one region, every day
 *       from {@code from} to {@code to} inclusive (a day without activity has zeros); {@code to} defaults
 *       to today, {@code from} to {@code to}; at most {@value #MAX_DAYS} days. The region is in the path so
 *       that per-region access can be checked on it.</li>
 *   <li>{@code GET /v1/statistics/days/{yyyy-MM-dd}}: every region with activity that day, by region.</li>
 * </ul>
 *
 * <p>JSON by default; CSV (RFC 4180: a header row, CRLF line ends, quoted fields where needed) with
 * {@code ?format=csv} or {@code Accept: text/csv}. Amounts are minor units per currency, delays whole
 * minutes. Bad input answers 400 (404 for an unknown path, 405 for a method other than GET), with a
 * one-line message naming the parameter; 503 while the instance is not running.
 *
 * <p>A caller sees the regions its principal may see ({@link Principal#seesRegion}): another region
 * answers 403, and a day lists only the caller's regions. A city's, a province's or the national code
 * ({@code 320600}, {@code 320000}, {@code 000000}) answers the sum of the regions it covers, so that a
 * centre above district level sees its whole area.
 */
public final class StatisticsEndpoint implements GuardedEndpoint {

    /** The longest range one request may ask for: a year, leap or not. */
    public static final int MAX_DAYS = 366;
    static final String CSV_TYPE = "text/csv; charset=utf-8; header=present";

    private static final AvroSerde<RegionDailyStatistics> SERDE = AvroSerde.of(RegionDailyStatistics.class);
    /** Above every character of a key after its region's digits ({@code |}, digits, {@code -}). */
    private static final char LAST_KEY_CHARACTER = '~';
    /** Four-digit years only: LocalDate alone would take +10000-01-01 and -999999999-01-01. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store;
    private final Clock clock;

    /**
     * @param store the global store of the statistics topic; may throw {@link InvalidStateStoreException}
     *              while the instance cannot answer
     * @param clock today's date, in the statistics' zone
     */
    public StatisticsEndpoint(final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store, final Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Response handle(final Request request, final Principal caller) {
        if (!request.method().equals("GET")) {
            return Response.methodNotAllowed("GET");
        }
        final List<String> path = request.pathParams();
        final Optional<Boolean> csv = wantsCsv(request);
        if (csv.isEmpty()) {
            return Response.error(400, "format: must be json or csv");
        }
        try {
            if (path.size() == 2 && path.get(0).equals("regions")) {
                return region(path.get(1), request, csv.get(), caller);
            }
            if (path.size() == 2 && path.get(0).equals("days")) {
                return day(path.get(1), csv.get(), caller);
            }
            return Response.error(404, "path: /v1/statistics/regions/{region} or /v1/statistics/days/{yyyy-MM-dd}");
        } catch (final InvalidStateStoreException e) {
            return Response.unavailable("statistics are not readable on this instance now; retry shortly");
        }
    }

    private Response region(final String region, final Request request, final boolean csv, final Principal caller) {
        if (!RegionDay.REGION.matcher(region).matches()) {
            return Response.error(400, "region: must be a 6-digit division code");
        }
        if (!caller.seesRegion(region)) {
            throw new Forbidden("region: not one of yours");
        }
        final Optional<LocalDate> to = date(request.queryParam("to").orElse(null), LocalDate.now(clock));
        if (to.isEmpty()) {
            return Response.error(400, "to: must be a date yyyy-MM-dd");
        }
        final Optional<LocalDate> from = date(request.queryParam("from").orElse(null), to.get());
        if (from.isEmpty()) {
            return Response.error(400, "from: must be a date yyyy-MM-dd");
        }
        if (from.get().isAfter(to.get())) {
            return Response.error(400, "from: must not be after to");
        }
        if (ChronoUnit.DAYS.between(from.get(), to.get()) >= MAX_DAYS) {
            return Response.error(400, "from: the range from..to must not exceed " + MAX_DAYS + " days");
        }
        final Map<LocalDate, RegionDailyStatistics> stored = new LinkedHashMap<>();
        if (Jurisdiction.coversOthers(region)) {
            sumCovered(region, from.get(), to.get(), stored);
        } else {
            try (KeyValueIterator<String, byte[]> it = store.get().range(RegionDay.key(region, from.get()),
                    RegionDay.key(region, to.get()))) {
                it.forEachRemaining(entry -> put(stored, entry));
            }
        }
        final List<Map<String, Object>> days = new ArrayList<>();
        for (LocalDate day = from.get(); !day.isAfter(to.get()); day = day.plusDays(1)) {
            final RegionDailyStatistics statistics = stored.get(day);
            days.add(statistics == null ? StatisticsView.empty(region, day) : StatisticsView.of(statistics));
        }
        if (csv) {
            return Response.text(200, CSV_TYPE, StatisticsView.csv(days));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", region);
        body.put("from", from.get().toString());
        body.put("to", to.get().toString());
        body.put("days", days);
        return Response.json(200, body);
    }

    private Response day(final String text, final boolean csv, final Principal caller) {
        final Optional<LocalDate> day = date(text, null);
        if (day.isEmpty()) {
            return Response.error(400, "day: must be a date yyyy-MM-dd");
        }
        final String suffix = "|" + day.get();
        final List<Map<String, Object>> regions = new ArrayList<>();
        // Keys are region first: a day's regions are spread over the store, so this reads every key (it
        // decodes only the day's values); see design note 21 for the price.
        try (KeyValueIterator<String, byte[]> it = store.get().all()) {
            it.forEachRemaining(entry -> {
                if (entry.key.endsWith(suffix) && entry.value != null
                        && caller.seesRegion(RegionDay.regionOf(entry.key))) {
                    regions.add(StatisticsView.of(SERDE.decode(entry.value)));
                }
            });
        }
        if (csv) {
            return Response.text(200, CSV_TYPE, StatisticsView.csv(regions));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("day", day.get().toString());
        body.put("regions", regions);
        return Response.json(200, body);
    }

    /**
     * A city's, a province's or the nation's days: the sum of every region its code covers
     * ({@link Jurisdiction}), medians over the summed distributions. Its keys are one range of the
     * store (region first), read through, the days outside {@code from..to} skipped.
     */
    private void sumCovered(final String region, final LocalDate from, final LocalDate to,
                            final Map<LocalDate, RegionDailyStatistics> sums) {
        final String prefix = Jurisdiction.prefix(region);
        try (KeyValueIterator<String, byte[]> it = prefix.isEmpty() ? store.get().all()
                : store.get().range(prefix, prefix + LAST_KEY_CHARACTER)) {
            it.forEachRemaining(entry -> {
                final LocalDate day = RegionDay.dayOf(entry.key);
                if (entry.value != null && !day.isBefore(from) && !day.isAfter(to)) {
                    final RegionDailyStatistics one = SERDE.decode(entry.value);
                    sums.merge(day, one, DailyStatistics::add);
                }
            });
        }
        sums.replaceAll((day, sum) -> {
            sum.setRegionCode(region);
            return DailyStatistics.withMedians(sum);
        });
    }

    private static void put(final Map<LocalDate, RegionDailyStatistics> stored, final KeyValue<String, byte[]> entry) {
        if (entry.value != null) {
            stored.put(RegionDay.dayOf(entry.key), SERDE.decode(entry.value));
        }
    }

    /** {@code text} as a date; {@code absent} when it is not given; empty when it is not a date. */
    private static Optional<LocalDate> date(final String text, final LocalDate absent) {
        if (text == null || text.isEmpty()) {
            return Optional.ofNullable(absent);
        }
        if (!DATE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (final DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** True for CSV, false for JSON, empty for an unknown {@code format}. */
    private static Optional<Boolean> wantsCsv(final Request request) {
        final Optional<String> format = request.queryParam("format").map(f -> f.toLowerCase(Locale.ROOT));
        if (format.isPresent()) {
            return format.get().equals("csv") ? Optional.of(true)
                    : format.get().equals("json") ? Optional.of(false) : Optional.empty();
        }
        return Optional.of(request.header("Accept").map(StatisticsEndpoint::prefersCsv).orElse(false));
    }

    /**
     * True when the Accept header ranks {@code text/csv} above JSON (RFC 9110 section 12.5.1): by
     * quality, then the more specific range; a range with {@code q=0} is refused, not wanted.
     */
    private static boolean prefersCsv(final String accept) {
        final QuotedQualityCSV ranges = new QuotedQualityCSV(QuotedQualityCSV.MOST_SPECIFIC_MIME_ORDERING);
        ranges.addValue(accept);
        for (final String range : ranges) {
            final String type = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals("text/csv")) {
                return true;
            }
            if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                return false;
            }
        }
        return false;
    }

    /** One region-day as the API shows it, in JSON and CSV. */
    static final class StatisticsView {

        private StatisticsView() {
        }

        static Map<String, Object> empty(final String region, final LocalDate day) {
            return of(DailyStatistics.empty(new RegionDay(region, day)));
        }

        static Map<String, Object> of(final RegionDailyStatistics s) {
            final Map<String, Object> view = new LinkedHashMap<>();
            view.put("region", s.getRegionCode());
            view.put("day", s.getDay().toString());
            view.put("decided", s.getDecided());
            view.put("held", count(s.getDecisionsByAction(), Action.HOLD.name()));
            view.put("stopped", count(s.getDecisionsByAction(), Action.STOP_PAYMENT.name()));
            view.put("decisionsByAction", new TreeMap<>(s.getDecisionsByAction()));
            view.put("interceptedMinor", new TreeMap<>(s.getInterceptedMinor()));
            view.put("alerts", s.getAlerts());
            view.put("warningsByKind", new TreeMap<>(s.getWarningsByKind()));
            view.put("warningOutcomes", new TreeMap<>(s.getWarningOutcomes()));
            view.put("alertOutcomes", new TreeMap<>(s.getAlertOutcomes()));
            view.put("dissuaded", count(s.getWarningOutcomes(), WarningOutcomeKind.DISSUADED.name()));
            view.put("lossesAlreadyOccurred", count(s.getWarningOutcomes(), WarningOutcomeKind.LOSS_ALREADY_OCCURRED.name()));
            view.put("medianWarningToOutcomeMinutes", s.getMedianWarningToOutcomeMinutes());
            view.put("medianAlertToActionMinutes", s.getMedianAlertToActionMinutes());
            view.put("warningToOutcomeMinutes", distribution(s.getWarningToOutcomeMinutes()));
            view.put("alertToActionMinutes", distribution(s.getAlertToActionMinutes()));
            return view;
        }

        /**
         * The views as CSV: columns region, day, decided, one per action, held, stopped, one
         * {@code intercepted_minor_<CUR>} per currency present (CNY always), alerts, one per warning kind,
         * one per warning outcome, one per alert outcome, the two medians (empty when none).
         */
        @SuppressWarnings("unchecked")
        static String csv(final List<Map<String, Object>> views) {
            final TreeSet<String> currencies = new TreeSet<>(List.of("CNY"));
            views.forEach(view -> currencies.addAll(((Map<String, Long>) view.get("interceptedMinor")).keySet()));
            final List<String> header = new ArrayList<>(List.of("region", "day", "decided"));
            for (final Action action : Action.values()) {
                header.add("action_" + action.name().toLowerCase(Locale.ROOT));
            }
            currencies.forEach(currency -> header.add("intercepted_minor_" + currency));
            header.add("alerts");
            for (final WarningKind kind : WarningKind.values()) {
                header.add("warnings_" + kind.name().toLowerCase(Locale.ROOT));
            }
            for (final WarningOutcomeKind kind : WarningOutcomeKind.values()) {
                header.add("warning_outcome_" + kind.name().toLowerCase(Locale.ROOT));
            }
            for (final StopPaymentOutcomeKind kind : StopPaymentOutcomeKind.values()) {
                header.add("alert_outcome_" + kind.name().toLowerCase(Locale.ROOT));
            }
            header.add("median_warning_to_outcome_minutes");
            header.add("median_alert_to_action_minutes");
            final StringBuilder out = new StringBuilder();
            Csv.row(out, header);
            for (final Map<String, Object> view : views) {
                final List<String> row = new ArrayList<>(List.of((String) view.get("region"), (String) view.get("day"),
                        String.valueOf(view.get("decided"))));
                for (final Action action : Action.values()) {
                    row.add(String.valueOf(count((Map<String, Long>) view.get("decisionsByAction"), action.name())));
                }
                currencies.forEach(currency ->
                        row.add(String.valueOf(count((Map<String, Long>) view.get("interceptedMinor"), currency))));
                row.add(String.valueOf(view.get("alerts")));
                for (final WarningKind kind : WarningKind.values()) {
                    row.add(String.valueOf(count((Map<String, Long>) view.get("warningsByKind"), kind.name())));
                }
                for (final WarningOutcomeKind kind : WarningOutcomeKind.values()) {
                    row.add(String.valueOf(count((Map<String, Long>) view.get("warningOutcomes"), kind.name())));
                }
                for (final StopPaymentOutcomeKind kind : StopPaymentOutcomeKind.values()) {
                    row.add(String.valueOf(count((Map<String, Long>) view.get("alertOutcomes"), kind.name())));
                }
                row.add(orEmpty(view.get("medianWarningToOutcomeMinutes")));
                row.add(orEmpty(view.get("medianAlertToActionMinutes")));
                Csv.row(out, row);
            }
            return out.toString();
        }

        private static long count(final Map<String, Long> counts, final String name) {
            return counts.getOrDefault(name, 0L);
        }

        private static String orEmpty(final Object value) {
            return value == null ? "" : value.toString();
        }

        private static List<Map<String, Object>> distribution(final List<MinuteCount> buckets) {
            return buckets.stream().map(b -> Map.<String, Object>of("minutes", b.getMinutes(), "count", b.getCount()))
                    .toList();
        }
    }
}
