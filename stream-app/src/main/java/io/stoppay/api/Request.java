package io.stoppay.api;

import io.stoppay.access.Principal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as an endpoint sees it: method, path segments after the route, query
 * parameters, headers (names lower-case), the body, already read within the route's limit, and
 * the address it came from ({@value #UNKNOWN_ADDRESS} when not known, as in tests without a socket),
 * and its caller: the principal its bearer token belongs to, resolved once where the request
 * arrives ({@code Access#identify}) and read by every stage after it (rate limit, access check,
 * audit); empty for an anonymous or not yet identified request.
 */
public record Request(String method, List<String> pathParams, Map<String, String> query,
                      Map<String, String> headers, byte[] body, String remoteAddress, Optional<Principal> caller) {

    public static final String UNKNOWN_ADDRESS = "-";

    /** A request not yet identified. */
    public Request(final String method, final List<String> pathParams, final Map<String, String> query,
                   final Map<String, String> headers, final byte[] body, final String remoteAddress) {
        this(method, pathParams, query, headers, body, remoteAddress, Optional.empty());
    }

    /** A request whose remote address is not known, not yet identified. */
    public Request(final String method, final List<String> pathParams, final Map<String, String> query,
                   final Map<String, String> headers, final byte[] body) {
        this(method, pathParams, query, headers, body, UNKNOWN_ADDRESS);
    }

    /** This request made by {@code principal} (empty: anonymous). */
    public Request by(final Optional<Principal> principal) {
        return new Request(method, pathParams, query, headers, body, remoteAddress, principal);
    }

    /** This request with {@code content} as its body. */
    public Request withBody(final byte[] content) {
        return new Request(method, pathParams, query, headers, content, remoteAddress, caller);
    }

    /**
     * Whether the body is declared as {@code mediaType} (e.g. {@code application/json}), parameters
     * such as {@code charset} aside.
     */
    public boolean hasContentType(final String mediaType) {
        return header("Content-Type").map(type -> type.split(";", 2)[0].strip().equalsIgnoreCase(mediaType))
                .orElse(false);
    }

    public Optional<String> header(final String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParam(final String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses {@code a=1&b=2}; a repeated name keeps its last value. */
    static Map<String, String> parseQuery(final String rawQuery) {
        final Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (final String pair : rawQuery.split("&")) {
            final int eq = pair.indexOf('=');
            final String name = eq < 0 ? pair : pair.substring(0, eq);
            final String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
