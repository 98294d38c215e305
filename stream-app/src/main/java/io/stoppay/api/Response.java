package io.stoppay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** What an endpoint answers: status, content type, body and extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** The media type of every JSON answer, and of every JSON body an endpoint reads. */
    public static final String JSON_TYPE = "application/json";

    public static Response json(final int status, final Object value) {
        try {
            return new Response(status, JSON_TYPE, JSON.writeValueAsBytes(value), Map.of());
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("response not serializable: " + value.getClass().getSimpleName(), e);
        }
    }

    /** An error as {@code {"error": "..."}}; {@code message} is one line naming what is wrong. */
    public static Response error(final int status, final String message) {
        return json(status, Map.of("error", message));
    }

    /** 503 with a hint to retry shortly: the instance cannot answer correctly right now. */
    public static Response unavailable(final String message) {
        return error(503, message).withHeader("Retry-After", "1");
    }

    /**
     * 405 naming the methods the resource allows, in the body and in {@code Allow} (RFC 9110); a
     * resource that allows GET allows HEAD too, which {@link HttpApi} answers as GET without a body.
     */
    public static Response methodNotAllowed(final String allowed) {
        final String methods = allowed.equals("GET") ? "GET, HEAD" : allowed;
        return error(405, "method: use " + allowed).withHeader("Allow", methods);
    }

    /** 415: the body is not of the one media type the endpoint reads, e.g. {@code application/json}. */
    public static Response unsupportedMediaType(final String mediaType) {
        return error(415, "Content-Type: send the body as " + mediaType);
    }

    public static Response text(final int status, final String contentType, final String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public Response withoutHeader(final String name) {
        final HashMap<String, String> fewer = new HashMap<>(headers);
        fewer.remove(name);
        return new Response(status, contentType, body, Map.copyOf(fewer));
    }

    public Response withHeader(final String name, final String value) {
        final HashMap<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, Map.copyOf(more));
    }
}
