package io.stoppay.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoppay.api.Endpoint;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call what: authenticates a request's bearer token against the {@link AccessFile} and
 * checks the caller's role before a {@link GuardedEndpoint} sees the request.
 *
 * <ul>
 *   <li>The token travels only in {@code Authorization: Bearer <token>}. A request with a
 *       credential-like query parameter ({@link #namesACredential}) is refused with 400 on every
 *       route, whatever its header, before any route sees it ({@code HttpApi}): URLs end up in proxy
 *       and browser logs.</li>
 *   <li>The token's SHA-256 is compared with every principal's in constant time
 *       ({@link MessageDigest#isEqual}), all of them, so the time taken says nothing of which
 *       principal nearly matched. Tokens are never logged, nor their hashes.</li>
 *   <li>No token or an unknown one: 401 with {@code WWW-Authenticate: Bearer}. A known caller
 *       without one of the route's roles, or refused by the endpoint ({@link Forbidden}): 403. Both
 *       bodies name the rule, never the subject asked for. Refusals are counted in
 *       {@code stoppay_access_refusals_total{reason}}.</li>
 *   <li>StopPay reads the file again every second ({@link #refresh}) and applies it when its
 *       content changed: an edit applies within a second, without a restart. An edit that does not
 *       validate is not applied: the previous principals stay, the reason is logged, and
 *       {@code stoppay_access_reloads_total{result="invalid"}} counts it.</li>
 * </ul>
 *
 * <p>Without an access file every guarded route answers 401: StopPay never serves personal data to
 * whoever reaches its port.
 */
public final class Access {

    static final int TOKEN_BYTES = 32;
    static final String QUERY_CREDENTIALS = "token, access_token, api_key, key, auth, authorization, bearer, "
            + "jwt, session, password, secret";

    private static final Logger LOG = LoggerFactory.getLogger(Access.class);
    /** Compared without case, '-' or '_': api-key, API_KEY and apiKey are one name. */
    private static final Set<String> CREDENTIAL_PARAMS = Set.of(QUERY_CREDENTIALS.replace("_", "").split(", "));
    private static final List<String> CREDENTIAL_PARTS = List.of("token", "apikey", "secret", "password", "bearer",
            "auth");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^a-z0-9]");
    private static final String BEARER = "bearer ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<Path> file;
    private final Counter unauthenticated;
    private final Counter forbidden;
    private final Counter reloaded;
    private final Counter reloadRefused;
    private volatile Loaded current;
    /** Why the file could not be read last time, so that it is logged once, not every second; null once read. */
    private String unreadable;

    /** The principals in force, and the SHA-256 of the file content they came from (absent without a file). */
    private record Loaded(AccessFile access, Optional<String> digest) {
    }

    private Access(final Optional<Path> file, final Loaded loaded, final MeterRegistry registry) {
        this.file = file;
        this.current = loaded;
        this.unauthenticated = refusals(registry, "unauthenticated");
        this.forbidden = refusals(registry, "forbidden");
        this.reloaded = reloads(registry, "ok");
        this.reloadRefused = reloads(registry, "invalid");
    }

    /**
     * The principals of the access file at {@code path}, reloaded when it changes.
     *
     * @throws InvalidAccessFileException if it cannot be read or does not validate: StopPay does not start
     */
    public static Access fromFile(final Path path, final MeterRegistry registry) {
        try {
            final byte[] content = AccessFile.read(path);
            return new Access(Optional.of(path), new Loaded(AccessFile.parse(content), Optional.of(sha256Hex(content))),
                    registry);
        } catch (final InvalidAccessFileException e) {
            throw new InvalidAccessFileException("access file " + path + ": " + e.getMessage());
        }
    }

    /** The principals of {@code yaml}, never reloaded: for tests and the demo. */
    public static Access of(final String yaml, final MeterRegistry registry) {
        return new Access(Optional.empty(), new Loaded(AccessFile.parse(yaml), Optional.empty()),
                registry);
    }

    /** No access file: every guarded route answers 401. */
    public static Access none(final MeterRegistry registry) {
        return new Access(Optional.empty(), null, registry);
    }

    /**
     * An endpoint that calls {@code endpoint} only for an authenticated caller with one of {@code anyOf}:
     * the request's {@link Request#caller()}, as {@link #identify} resolved it where the request arrived.
     */
    public Endpoint require(final Set<Role> anyOf, final GuardedEndpoint endpoint) {
        final String roles = anyOf.stream().map(Role::name).sorted().collect(Collectors.joining(", "));
        return request -> {
            final Optional<Principal> caller = request.caller();
            if (caller.isEmpty()) {
                unauthenticated.increment();
                return Response.error(401, "authentication: send Authorization: Bearer <token> with a token "
                        + "of the access file").withHeader("WWW-Authenticate", "Bearer realm=\"stoppay\"");
            }
            if (anyOf.stream().noneMatch(caller.get()::has)) {
                forbidden.increment();
                return Response.error(403, "forbidden: this needs the role " + roles);
            }
            try {
                return endpoint.handle(request, caller.get());
            } catch (final Forbidden e) {
                forbidden.increment();
                return Response.error(403, "forbidden: " + e.getMessage());
            }
        };
    }

    /**
     * Whether a query parameter's name looks like it carries a credential: compared on its letters
     * and digits alone, without case ({@code api-key}, {@code API_KEY}, {@code apiKey[]} and
     * {@code api%00key} are one name), a name of {@value #QUERY_CREDENTIALS}, or one holding
     * {@code token}, {@code apikey}, {@code secret}, {@code password}, {@code bearer} or {@code auth}
     * ({@code id_token}, {@code x_api_key}, {@code auth_token}). StopPay's own parameters hold none.
     */
    public static boolean namesACredential(final String parameter) {
        final String name = NOT_LETTER_OR_DIGIT.matcher(parameter.toLowerCase(Locale.ROOT)).replaceAll("");
        return CREDENTIAL_PARAMS.contains(name) || CREDENTIAL_PARTS.stream().anyMatch(name::contains);
    }

    /**
     * {@code request} with its caller resolved: the one authentication of a request, made from its
     * headers before its body is read, whose principal the rate limit, the access check and the
     * audit all read ({@link Request#caller()}).
     */
    public Request identify(final Request request) {
        return request.by(authenticate(request));
    }

    /** The caller of {@code request}, if its bearer token belongs to a principal of the access file. */
    Optional<Principal> authenticate(final Request request) {
        final Loaded loaded = current;
        final Optional<String> header = request.header("Authorization");
        if (loaded == null || header.isEmpty() || header.get().length() <= BEARER.length()
                || !header.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        final byte[] presented = sha256(header.get().substring(BEARER.length()).strip());
        Principal match = null;
        for (final AccessFile.Entry entry : loaded.access().entries()) {
            // No early exit: every principal is compared, whichever matches.
            if (MessageDigest.isEqual(entry.tokenSha256(), presented)) {
                match = entry.principal();
            }
        }
        return Optional.ofNullable(match);
    }

    /**
     * A new random token: {@value #TOKEN_BYTES} bytes of {@link SecureRandom}, base64url without
     * padding (43 characters). As strong as the SHA-256 that stores it, so no salt or slow hash is needed.
     */
    public static String newToken() {
        final byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of {@code token}'s UTF-8 bytes, as the access file stores it: 64 lower-case hex digits. */
    public static String sha256Hex(final String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** The SHA-256 of {@code token}'s UTF-8 bytes: what the access file stores. */
    public static byte[] sha256(final String token) {
        return sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Reads the access file now and applies it if its content changed. StopPay calls this every
     * second from its scheduler, not from requests: an edit applies, or an invalid one is logged and
     * counted, on a quiet night too, and no request pays for reading a file.
     */
    public synchronized void refresh() {
        file.ifPresent(this::reloadIfChanged);
    }

    /** Applies the file when its content changed (compared by SHA-256, so an edit that keeps size and time counts). */
    private void reloadIfChanged(final Path path) {
        final byte[] content;
        try {
            content = AccessFile.read(path);
        } catch (final InvalidAccessFileException e) {
            // A file that is gone or unreadable revokes nothing by accident: write "principals: []" for that.
            // Said once, not every second, until the file can be read again or the reason changes.
            if (!e.getMessage().equals(unreadable)) {
                unreadable = e.getMessage();
                refuseReload(e);
            }
            return;
        }
        unreadable = null;
        final String digest = sha256Hex(content);
        if (current.digest().filter(digest::equals).isPresent()) {
            return;
        }
        try {
            current = new Loaded(AccessFile.parse(content), Optional.of(digest));
            reloaded.increment();
            LOG.atInfo().setMessage("access file reloaded")
                    .addKeyValue("principals", current.access().entries().size()).log();
        } catch (final InvalidAccessFileException e) {
            // Not applied until it validates; the digest is kept so that the same content is not refused again.
            current = new Loaded(current.access(), Optional.of(digest));
            refuseReload(e);
        }
    }

    private void refuseReload(final InvalidAccessFileException e) {
        reloadRefused.increment();
        LOG.atWarn().setMessage("access file not reloaded; the previous principals stay")
                .addKeyValue("reason", e.getMessage()).log();
    }


    private static String sha256Hex(final byte[] content) {
        return HexFormat.of().formatHex(sha256(content));
    }

    static Counter refusals(final MeterRegistry registry, final String reason) {
        return Counter.builder("stoppay.access.refusals").tag("reason", reason)
                .description("HTTP requests refused for want of a valid token (unauthenticated), of the right "
                        + "role, region or bank (forbidden), or for too many requests (rate_limited)").register(registry);
    }

    private static Counter reloads(final MeterRegistry registry, final String result) {
        return Counter.builder("stoppay.access.reloads").tag("result", result)
                .description("Changes of the access file applied (ok) or refused as invalid").register(registry);
    }
}
