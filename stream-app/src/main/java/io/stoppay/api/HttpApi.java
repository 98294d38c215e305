package io.stoppay.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StopPay's HTTP server: the JDK's built-in {@link HttpServer} with a small fixed pool of
 * threads, routing by path prefix to {@link Endpoint}s. It is bound when created, so its port is
 * known before Kafka Streams is (the port goes into {@code application.server}), and serves once
 * {@link #start()} is called.
 *
 * <p>Requests are not logged with their paths or bodies: paths carry card and phone numbers.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int STOP_DELAY_SECONDS = 1;

    private final HttpServer server;
    private final ExecutorService threads;

    private HttpApi(final HttpServer server, final ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Binds {@code address:port} (port 0 = any free one); nothing is served until {@link #start()}. */
    public static HttpApi bind(final String address, final int port, final int threadCount) throws IOException {
        final HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        final AtomicInteger number = new AtomicInteger();
        final ExecutorService threads = Executors.newFixedThreadPool(threadCount, task -> {
            final Thread thread = new Thread(task, "stoppay-http-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        return new HttpApi(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves every path under {@code prefix} with {@code endpoint}; the path segments after the
     * prefix, URL-decoded one by one, are the request's path parameters. A body longer than
     * {@code maxBodyBytes} is refused with 413 before the endpoint sees it, and before it is read
     * at all when its Content-Length says so.
     */
    public HttpApi route(final String prefix, final long maxBodyBytes, final Endpoint endpoint) {
        server.createContext(prefix, exchange -> {
            try (exchange) {
                respond(exchange, dispatch(exchange, prefix, maxBodyBytes, endpoint));
            }
        });
        return this;
    }

    public void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        threads.shutdownNow();
    }

    private static Response dispatch(final HttpExchange exchange, final String prefix, final long maxBodyBytes,
                                     final Endpoint endpoint) {
        try {
            final byte[] body = declaredLength(exchange) > maxBodyBytes ? null
                    : readBody(exchange.getRequestBody(), maxBodyBytes);
            if (body == null) {
                return Response.error(413, "body: larger than " + maxBodyBytes + " bytes");
            }
            final Request request = new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    pathParams(exchange.getRequestURI().getRawPath(), prefix),
                    Request.parseQuery(exchange.getRequestURI().getRawQuery()), headers(exchange), body,
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            return endpoint.handle(request);
        } catch (final IllegalArgumentException e) {
            // A malformed %-escape in the path or query.
            return Response.error(400, "request: " + e.getMessage());
        } catch (final Exception e) {
            LOG.atError().setMessage("request failed").addKeyValue("route", prefix).setCause(e).log();
            return Response.error(500, "internal error; see the instance's log");
        }
    }

    private static List<String> pathParams(final String rawPath, final String prefix) {
        final String rest = rawPath.length() > prefix.length() ? rawPath.substring(prefix.length()) : "";
        return Arrays.stream(rest.split("/")).filter(segment -> !segment.isEmpty())
                .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    private static Map<String, String> headers(final HttpExchange exchange) {
        final Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(values.size() - 1));
            }
        });
        return headers;
    }

    /** The Content-Length the client declared, or -1: refused before a byte of the body is read. */
    private static long declaredLength(final HttpExchange exchange) {
        final String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    /** The whole body, or null when it is longer than {@code max}. */
    private static byte[] readBody(final InputStream in, final long max) throws IOException {
        final byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return body.length > max ? null : body;
    }

    private static void respond(final HttpExchange exchange, final Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach(exchange.getResponseHeaders()::set);
        final boolean noBody = "HEAD".equalsIgnoreCase(exchange.getRequestMethod()) || response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
