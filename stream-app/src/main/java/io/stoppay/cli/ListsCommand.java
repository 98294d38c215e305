package io.stoppay.cli;

import io.stoppay.admin.ListFile;
import io.stoppay.admin.ListMaintenance;
import io.stoppay.admin.ListRequestRules;
import io.stoppay.admin.StandingListings;
import io.stoppay.config.StopPayConfig;
import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.privacy.Mask;
import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import stoppay.v1.ListAudit;
import stoppay.v1.ListType;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * {@code stoppay lists add|release|load}: operators' changes to the high-risk lists, each written
 * with its audit record in one transaction ({@link ListMaintenance}). The request is checked
 * before the cluster is contacted: a wrong one is one line on stderr and exit code 2. Output is one
 * line per action, subjects masked.
 */
@Command(name = "lists", mixinStandardHelpOptions = true,
        description = "Change the high-risk lists (risk.lists.v1); every change is audited on risk.lists.audit.v1.",
        subcommands = {ListsCommand.Add.class, ListsCommand.Release.class, ListsCommand.Load.class})
final class ListsCommand {

    static final String VIA = "cli";
    static final String VIA_BULK_LOAD = "cli-bulk-load";
    /** How long a release may take to read the lists topic to its end. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** The subject a command is about: {@code --type} and {@code --id}. */
    static final class Subject {

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Subject type: ${COMPLETION-CANDIDATES}.")
        SubjectType type;

        @Option(names = "--id", required = true, description = "Subject id (for ID_NUMBER: the hash).")
        String id;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "List one subject as the listing of its source (TYPE:id|source); that source's earlier "
                    + "listing of it, under any key, is replaced, other sources' listings stand.")
    static final class Add implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private ClusterConfig cluster;

        @Mixin
        private Subject subject;

        @Option(names = "--list-type", required = true, paramLabel = "LIST", description = "List: ${COMPLETION-CANDIDATES}.")
        private ListType listType;

        @Option(names = "--risk-level", required = true, paramLabel = "1..3", description = "3 = highest.")
        private int riskLevel;

        @Option(names = "--source", required = true, description = "Who asked for it, e.g. PSB-320600-antifraud-centre.")
        private String source;

        @Option(names = "--operator", required = true, description = "Your operator id, recorded in the audit record.")
        private String operator;

        @Option(names = "--case-id", description = "Case number.")
        private String caseId;

        @Option(names = "--reason", description = "Why it is listed.")
        private String reason;

        @Option(names = "--expires-at", paramLabel = "INSTANT", converter = InstantConverter.class,
                description = "When the entry lapses, e.g. 2026-12-31T00:00:00Z (default: never).")
        private Instant expiresAt;

        @Override
        public Integer call() {
            ListRequestRules.requireText("operator", operator);
            final Instant now = Instant.now();
            final RiskListEntry entry = RiskListEntry.newBuilder().setSubjectType(subject.type).setSubjectId(subject.id)
                    .setListType(listType).setRiskLevel(riskLevel).setSource(source).setCaseId(caseId)
                    .setReason(reason).setListedAt(now).setExpiresAt(expiresAt).build();
            ListRequestRules.checkEntry(entry, now);
            final StopPayConfig config = cluster.load();
            final SubjectKey listed = SubjectKey.of(subject.type, subject.id);
            final String by = CanonicalIdentifiers.trimBlanks(source);
            final String ownKey = ListingKey.bySource(listed, by).written();
            // The same source's listings under other keys (a feeder's spelling, a v1 key) are
            // replaced, not kept beside it, as the admin API does.
            final List<ListingKey> replaced = StandingListings.bySource(StandingListings.of(config, listed, READ_TIMEOUT), by)
                    .stream().filter(key -> !key.written().equals(ownKey)).toList();
            final ListAudit audit;
            try (ListMaintenance lists = ListMaintenance.connect(config, VIA)) {
                audit = lists.list(entry, operator, replaced);
            }
            print(spec, "listed " + masked(audit) + " (audit " + audit.getAuditId() + ")"
                    + (replaced.isEmpty() ? "" : ", replacing " + replaced.size() + " listing(s) of "
                    + by + " under other keys"));
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release one source's listing of a subject (appeal upheld): each key it stands under on "
                    + "risk.lists.v1, however its feeder wrote it, is tombstoned with the reason on record; other "
                    + "sources' listings stand. A subject not listed by that source is an error, and nothing is written.")
    static final class Release implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private ClusterConfig cluster;

        @Mixin
        private Subject subject;

        @ArgGroup(exclusive = true, multiplicity = "1")
        private Listing listing;

        @Option(names = "--reason", required = true, description = "Why it is released, e.g. the appeal decision.")
        private String reason;

        @Option(names = "--operator", required = true, description = "Your operator id, recorded in the audit record.")
        private String operator;

        /** Which listing: a source's ({@code TYPE:id|source}), or the one under the v1 key {@code TYPE:id}. */
        static final class Listing {

            @Option(names = "--source", required = true,
                    description = "The source whose listing is released, as listed, e.g. PSB-320600-antifraud-centre.")
            String source;

            @Option(names = "--v1-key", required = true,
                    description = "Release the subject's listings under the v1 key TYPE:id, however it was written, whatever their source.")
            boolean v1Key;
        }

        @Override
        public Integer call() {
            final SubjectKey released = ListRequestRules.checkRelease(subject.type, subject.id, reason, operator);
            final String source = listing.v1Key ? null
                    : CanonicalIdentifiers.trimBlanks(ListRequestRules.requireSource(listing.source));
            final StopPayConfig config = cluster.load();
            // Only what stands can be released: a tombstone for a key nothing is listed under would
            // lift nothing and leave a RELEASED audit record for a listing that never was.
            final Map<ListingKey, RiskListEntry> standing = StandingListings.of(config, released, READ_TIMEOUT);
            final List<ListingKey> keys = listing.v1Key
                    ? standing.keySet().stream().filter(key -> key.source().isEmpty()).toList()
                    : StandingListings.bySource(standing, source);
            if (keys.isEmpty()) {
                throw new StopPayCli.UsageException(notListed(released, source, standing));
            }
            final List<ListAudit> audits;
            try (ListMaintenance lists = ListMaintenance.connect(config, VIA)) {
                audits = lists.release(keys, reason, operator);
            }
            for (int i = 0; i < audits.size(); i++) {
                print(spec, "released " + masked(audits.get(i)) + (listing.v1Key ? " (v1 key"
                        : " (source " + source) + (keys.get(i).written().equals(keyAsStopPayWritesIt(released, source))
                        ? "" : ", key as its feeder wrote it") + ", audit " + audits.get(i).getAuditId() + ")");
            }
            return 0;
        }

        private static String keyAsStopPayWritesIt(final SubjectKey subject, final String source) {
            return source == null ? ListingKey.v1(subject).written() : ListingKey.bySource(subject, source).written();
        }

        private static String notListed(final SubjectKey subject, final String source,
                                        final Map<ListingKey, RiskListEntry> standing) {
            final String masked = subject.type() + ":" + Mask.subject(subject.type(), subject.id());
            if (standing.isEmpty()) {
                return masked + " is not listed; nothing was released";
            }
            final String sources = standing.entrySet().stream()
                    .map(listed -> StandingListings.sourceOf(listed.getKey(), listed.getValue()))
                    .distinct().sorted().collect(Collectors.joining(", "));
            return masked + (source == null ? " has no listing under the v1 key" : " is not listed by source " + source)
                    + "; it is listed by " + sources + "; nothing was released";
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "List every entry of a CSV file in one transaction: all of them or none. Header: "
                    + "subjectType,subjectId,listType,riskLevel,source,caseId,reason,expiresAt (the last three optional).")
    static final class Load implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private ClusterConfig cluster;

        @Option(names = "--file", required = true, paramLabel = "FILE.csv", description = "The list file.")
        private Path file;

        @Option(names = "--operator", required = true, description = "Your operator id, recorded in every audit record.")
        private String operator;

        @Override
        public Integer call() {
            ListRequestRules.requireText("operator", operator);
            final List<RiskListEntry> entries = ListFile.read(file, Instant.now());
            final StopPayConfig config = cluster.load();
            final List<ListAudit> audits;
            try (ListMaintenance lists = ListMaintenance.connect(config, VIA_BULK_LOAD)) {
                audits = lists.load(entries, operator);
            }
            print(spec, "loaded " + audits.size() + " entries (one transaction)");
            return 0;
        }
    }

    private static String masked(final ListAudit audit) {
        return audit.getSubjectType() + ":" + Mask.subject(audit.getSubjectType(), audit.getSubjectId());
    }

    private static void print(final CommandSpec spec, final String line) {
        final PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
    }

    /** An ISO-8601 instant; anything else is a usage error naming the expected form. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(final String value) {
            try {
                return Instant.parse(value);
            } catch (final DateTimeParseException e) {
                throw new TypeConversionException("not an ISO-8601 instant such as 2026-12-31T00:00:00Z: '" + value + "'");
            }
        }
    }
}
