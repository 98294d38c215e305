package io.stoppay.api;

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
 * the address it came from ({@value #UNKNOWN_ADDRESS} when not known, as in tests without a socket).
 */
public record Request(String method, List<String> pathParams, Map<String, String> query,
                      Map<String, String> headers, byte[] body, String remoteAddress) {

    public static final String UNKNOWN_ADDRESS = "-";

    /** A request whose remote address is not known. */
    public Request(final String method, final List<String> pathParams, final Map<String, String> query,
                   final Map<String, String> headers, final byte[] body) {
        this(method, pathParams, query, headers, body, UNKNOWN_ADDRESS);
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
