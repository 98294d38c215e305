package io.stoppay.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The access file: every principal of the HTTP surface with the SHA-256 of its token, its roles and
 * the regions and banks it may see. YAML:
 *
 * <pre>{@code
 * principals:
 *   - name: officer-310000-01          # an id, never a person's name
 *     token-sha256: 5e884898da28...    # 64 hex digits: SHA-256 of the token's UTF-8 bytes
 *     roles: [OFFICER]
 *     regions: ["310000"]              # 6-digit region codes, or "*"
 *   - name: analyst-bank-0102
 *     token-sha256: ...
 *     roles: [ANALYST]
 *     banks: ["0102"]                  # bank codes, or "*"
 *     full-identifiers: true           # card, account and phone numbers whole; masked if absent
 * }</pre>
 *
 * Only hashes are stored, so a leaked file gives no one a token. An officer needs at least one region.
 * {@code principals: []} lets no one in (a lock-out that applies without a restart).
 * Names and hashes are unique. An unknown field or role is an error, as is anything else this
 * class refuses: {@link #parse} throws {@link InvalidAccessFileException} naming the entry and field.
 */
public final class AccessFile {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** Largest access file read, in bytes. */
    static final int MAX_BYTES = 1 << 20;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern REGION = Pattern.compile("\\d{6}");
    private static final Pattern BANK = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final List<Entry> entries;

    private AccessFile(final List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** One principal and the hash its token must match. */
    record Entry(Principal principal, byte[] tokenSha256) {
    }

    List<Entry> entries() {
        return entries;
    }

    /** How many principals the file lists. */
    public int size() {
        return entries.size();
    }

    /** Reads and validates {@code yaml}. */
    /**
     * The file's content as {@link #parse(byte[])} takes it; one line naming what is wrong when it
     * cannot be read (missing, a directory, not readable).
     */
    public static byte[] read(final Path path) {
        if (Files.isDirectory(path)) {
            throw new InvalidAccessFileException("cannot read: a directory, not a file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (final NoSuchFileException e) {
            throw new InvalidAccessFileException("cannot read: no such file");
        } catch (final IOException e) {
            throw new InvalidAccessFileException("cannot read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Parses a file's bytes: UTF-8, at most {@value #MAX_BYTES} bytes (a file of thousands of
     * principals is far below; the YAML parser refuses much larger input, and would call it a syntax
     * error). Neither error quotes the content.
     */
    public static AccessFile parse(final byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new InvalidAccessFileException("larger than " + MAX_BYTES + " bytes; an access file is a list "
                    + "of principals, not data");
        }
        try {
            return parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString());
        } catch (final CharacterCodingException e) {
            throw new InvalidAccessFileException("not UTF-8 text");
        }
    }

    public static AccessFile parse(final String yaml) {
        final FileShape shape;
        try {
            shape = yaml.isBlank() ? null : YAML.readValue(yaml, FileShape.class);
        } catch (final JacksonException e) {
            throw new InvalidAccessFileException(describe(e));
        }
        if (shape == null || shape.principals() == null) {
            // An empty list is a deliberate lock-out; a file without the key is more likely a mistake.
            throw new InvalidAccessFileException("principals: none listed (write \"principals: []\" to let no one in)");
        }
        final List<Entry> entries = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final Set<String> hashes = new HashSet<>();
        for (int i = 0; i < shape.principals().size(); i++) {
            final Entry entry = entry(shape.principals().get(i), "principals[" + i + "]");
            if (!names.add(entry.principal().name())) {
                throw new InvalidAccessFileException("principals[" + i + "].name: \"" + entry.principal().name()
                        + "\" is listed twice");
            }
            if (!hashes.add(HexFormat.of().formatHex(entry.tokenSha256()))) {
                throw new InvalidAccessFileException("principals[" + i + "].token-sha256: the same as an earlier "
                        + "principal's; every principal needs a token of its own");
            }
            entries.add(entry);
        }
        for (int i = 0; i < entries.size(); i++) {
            // A token pasted as a name would be shown wherever names are: the console, metrics, the audit.
            if (hashes.contains(HexFormat.of().formatHex(Access.sha256(entries.get(i).principal().name())))) {
                throw new InvalidAccessFileException("principals[" + i + "].name: is the token of a principal of "
                        + "this file; a name is an id, the token goes to its holder only");
            }
        }
        return new AccessFile(entries);
    }

    private static Entry entry(final PrincipalShape shape, final String where) {
        if (shape == null) {
            throw new InvalidAccessFileException(where + ": empty");
        }
        if (shape.name() == null || !NAME.matcher(shape.name()).matches()) {
            throw new InvalidAccessFileException(where + ".name: must be 1-64 letters, digits or . _ @ -, "
                    + "starting with a letter or digit");
        }
        final String at = where + " (" + shape.name() + ")";
        if (shape.tokenSha256() == null || !SHA256_HEX.matcher(shape.tokenSha256()).matches()) {
            throw new InvalidAccessFileException(at + ".token-sha256: must be 64 hex digits, the SHA-256 of the "
                    + "token (stoppay access new-token prints a token and its hash)");
        }
        if (shape.roles() == null || shape.roles().isEmpty()) {
            throw new InvalidAccessFileException(at + ".roles: none listed; one or more of OFFICER, ANALYST, "
                    + "ADMIN, SCRAPER");
        }
        final Set<String> regions = codes(shape.regions(), REGION, at + ".regions", "a 6-digit region code");
        final Set<String> banks = codes(shape.banks(), BANK, at + ".banks", "a bank code (1-32 letters, digits, _ or -)");
        final Principal principal = new Principal(shape.name(), Set.copyOf(shape.roles()), regions, banks,
                Boolean.TRUE.equals(shape.fullIdentifiers()));
        if (principal.has(Role.OFFICER) && regions.isEmpty()) {
            throw new InvalidAccessFileException(at + ".regions: an OFFICER needs at least one region");
        }
        if (principal.has(Role.ANALYST) && banks.isEmpty()) {
            throw new InvalidAccessFileException(at + ".banks: an ANALYST needs at least one bank");
        }
        return new Entry(principal, HexFormat.of().parseHex(shape.tokenSha256().toLowerCase(Locale.ROOT)));
    }

    private static Set<String> codes(final List<String> listed, final Pattern form, final String where,
                                     final String what) {
        if (listed == null) {
            return Set.of();
        }
        for (int i = 0; i < listed.size(); i++) {
            final String code = listed.get(i);
            if (code == null || !(Principal.ALL.equals(code) || form.matcher(code).matches())) {
                // The value is not quoted: it might be a token pasted into the wrong place.
                throw new InvalidAccessFileException(where + "[" + i + "]: not " + what + " or \"" + Principal.ALL + "\"");
            }
        }
        return Set.copyOf(listed);
    }

    /**
     * Where the file is wrong and what kind of wrong, never the value found there: a token pasted
     * into the wrong field must not reach the log.
     */
    private static String describe(final JacksonException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException syntax) {
                final JsonLocation at = syntax.getLocation();
                return at == null ? "not YAML" : "not valid YAML at line " + at.getLineNr() + ", column " + at.getColumnNr();
            }
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            final StringBuilder path = new StringBuilder();
            for (final JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
                } else if (step.getIndex() >= 0) {
                    path.append('[').append(step.getIndex()).append(']');
                }
            }
            if (e instanceof UnrecognizedPropertyException unknown) {
                // The unknown key is not shown: it may be a token written where a field name goes.
                final String at = path.substring(0, Math.max(0, path.length() - unknown.getPropertyName().length()))
                        .replaceAll("\\.$", "");
                return (at.isEmpty() ? "the file" : at) + ": has a field that is not one of the access file's (name, "
                        + "token-sha256, roles, regions, banks, full-identifiers); its name is not shown, in case it "
                        + "is a token";
            }
            if (e instanceof InvalidFormatException invalid && invalid.getTargetType() == Role.class) {
                return path + ": not a role; one of OFFICER, ANALYST, ADMIN, SCRAPER";
            }
            return path + ": not of the expected kind (" + expectedKind(mapping) + ")";
        }
        return "not an access file (principals: a list of name, token-sha256, roles, regions, banks, full-identifiers)";
    }

    /** What the field at the end of {@code error}'s path takes. */
    private static String expectedKind(final JsonMappingException error) {
        final List<JsonMappingException.Reference> path = error.getPath();
        final JsonMappingException.Reference last = path.get(path.size() - 1);
        if (last.getFieldName() == null) {
            return "a text";
        }
        return switch (last.getFieldName()) {
            case "principals" -> "a list of principals, each with name, token-sha256 and roles";
            case "full-identifiers" -> "true or false";
            case "roles", "regions", "banks" -> "a list of texts";
            default -> "a text";
        };
    }

    private record FileShape(@JsonProperty("principals") List<PrincipalShape> principals) {
    }

    private record PrincipalShape(@JsonProperty("name") String name,
                                  @JsonProperty("token-sha256") String tokenSha256,
                                  @JsonProperty("roles") List<Role> roles,
                                  @JsonProperty("regions") List<String> regions,
                                  @JsonProperty("banks") List<String> banks,
                                  @JsonProperty("full-identifiers") Boolean fullIdentifiers) {
    }
}
