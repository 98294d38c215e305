package io.stoppay.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.util.JavalinException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoppay.access.Access;
import io.stoppay.api.tls.HttpTransport;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StopPay's HTTP server: Javalin on Jetty, routing by path prefix to {@link Endpoint}s, and serving
 * static files from the classpath (the console, WebJars). It listens as soon as it is bound, so
 * its port is known before Kafka Streams is created (the port goes into {@code application.server});
 * until {@link #start()} every request gets 503 with {@code Retry-After}.
 *
 * <p>Routes are added after binding (the endpoints need the Kafka Streams client, which needs the
 * port), and Javalin fixes its own routes when it is created, so the prefix routes are a table of
 * this class, consulted first for every request; a request no route claims goes on to the static
 * files, then to a JSON 404.
 *
 * <p>Each request is identified once ({@link #identify}), from its headers, before its body is
 * read: a request without a valid token never has its body read (its route answers 401 whatever it
 * sends, rather than 413 for a body it could not have sent). HEAD is answered as GET without a body.
 *
 * <p>Threads: {@code threadCount} serve requests, plus one that accepts connections and one that
 * watches them; all are daemons. Requests are not logged with their paths or bodies: paths carry
 * card and phone numbers (Jetty and Javalin log at WARN only, see logback.xml).
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** How long a stop waits for requests in flight. */
    private static final long STOP_TIMEOUT_MS = 1_000;
    /** Jetty's own threads beside those that serve requests: one acceptor, one selector. */
    private static final int CONNECTOR_THREADS = 2;

    private final Javalin server;
    private final MeterRegistry registry;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<Request> identify = UnaryOperator.identity();
    private volatile boolean serving;

    /**
     * Static files from the classpath.
     *
     * @param urlPath            where they are served, e.g. {@code /console}
     * @param classpathDirectory where they are in the jar, e.g. {@code /console}
     */
    public record StaticFiles(String urlPath, String classpathDirectory) {
    }

    /**
     * On every answer, the console's pages and the API's JSON alike: no framing (clickjacking), no
     * content-type sniffing, no referrer leaving with a URL, and scripts, styles and everything else
     * only from this server (the console has no inline script).
     */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private record Route(String prefix, long maxBodyBytes, Endpoint endpoint) {
    }

    /**
     * What Jetty refuses before any handler sees it (a request it cannot parse, such as an encoded
     * NUL in the path, a URI or headers too large: 400, 414, 431): the API's one-line JSON error,
     * without Jetty's message, which may quote the request. Counted in
     * {@code stoppay_http_refused_before_route_total{status}}, and not audited: no route was reached, so
     * no subject was read, and what would name one may be garbage or cut short.
     */
    private static final class JsonErrors extends ErrorHandler {

        private final MeterRegistry registry;

        JsonErrors(final MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        protected void generateResponse(final org.eclipse.jetty.server.Request request,
                                        final org.eclipse.jetty.server.Response response, final int code,
                                        final String message, final Throwable cause, final Callback callback) {
            refusedBeforeRoute(registry, code);
            final Response error = Response.error(code, "request: refused (" + HttpStatus.getMessage(code) + ")");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, error.contentType());
            response.write(true, ByteBuffer.wrap(error.body()), callback);
        }
    }

    /**
     * Counts a request refused before any route saw it: by Jetty (unparseable, URI or headers too
     * large) or by {@link #dispatch} (a credential in the URL). Such a request is not audited.
     */
    private static void refusedBeforeRoute(final MeterRegistry registry, final int code) {
        Counter.builder("stoppay.http.refused.before.route").tag("status", Integer.toString(code))
                .description("HTTP requests refused before any route saw them (unparseable, URI or headers too "
                        + "large, a credential in the URL); not audited").register(registry).increment();
    }

    private HttpApi(final String address, final int port, final int threadCount, final List<StaticFiles> staticFiles,
                    final HttpTransport transport, final MeterRegistry registry) {
        this.registry = registry;
        final QueuedThreadPool threads = new QueuedThreadPool(threadCount + CONNECTOR_THREADS,
                threadCount + CONNECTOR_THREADS);
        threads.setName("stoppay-http");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.jetty.threadPool = threads;
            config.jetty.modifyServer(jetty -> {
                jetty.setStopTimeout(STOP_TIMEOUT_MS);
                jetty.setErrorHandler(new JsonErrors(registry));
            });
            config.jetty.addConnector((jetty, http) -> {
                final ServerConnector connector = new ServerConnector(jetty, 1, 1, transport.connectionFactories(http));
                connector.setHost(address);
                connector.setPort(port);
                return connector;
            });
            for (final StaticFiles files : staticFiles) {
                config.staticFiles.add(location -> {
                    location.hostedPath = files.urlPath();
                    location.directory = files.classpathDirectory();
                    location.location = Location.CLASSPATH;
                });
            }
            config.routes.before(this::dispatch);
            // What neither a route nor a static file claims: the one-line JSON error, not Javalin's
            // page, which names the path.
            config.routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, Response.error(e.getStatus(),
                    e.getStatus() == 404 ? "path: no such endpoint" : "request: refused with " + e.getStatus())));
            config.routes.exception(Exception.class, (e, ctx) -> respond(ctx, failed("static files", e)));
        });
    }

    /**
     * Listens on {@code address:port} (port 0 = any free one, known from {@link #port()} on return)
     * over {@code transport} (HTTPS or plain HTTP) with {@code threadCount} threads for requests,
     * serving {@code staticFiles}; routes answer once {@link #start()} is called. {@code registry}
     * counts what Jetty refuses before any route.
     */
    public static HttpApi bind(final String address, final int port, final int threadCount,
                               final List<StaticFiles> staticFiles, final HttpTransport transport,
                               final MeterRegistry registry) throws IOException {
        final HttpApi api = new HttpApi(address, port, threadCount, staticFiles, transport, registry);
        try {
            api.server.start();
        } catch (final JavalinException e) {
            throw new IOException(e.getMessage(), e);
        }
        return api;
    }

    public int port() {
        return server.port();
    }

    /**
     * Serves every path under {@code prefix} with {@code endpoint}; the path segments after the
     * prefix, URL-decoded one by one, are the request's path parameters. The body of an identified
     * caller longer than {@code maxBodyBytes} is refused with 413 before the endpoint sees it, and
     * before it is read at all when its Content-Length says so; an anonymous caller's is never read.
     */
    public HttpApi route(final String prefix, final long maxBodyBytes, final Endpoint endpoint) {
        routes.add(new Route(prefix, maxBodyBytes, endpoint));
        return this;
    }

    /**
     * How a request's caller is found ({@code Access::identify}), once per request, from its headers
     * before its body is read; without it every request is anonymous.
     */
    public HttpApi identify(final UnaryOperator<Request> identifier) {
        this.identify = identifier;
        return this;
    }

    /** Answers requests from now on (before, every request gets 503). */
    public void start() {
        serving = true;
    }

    @Override
    public void close() {
        serving = false;
        try {
            server.stop();
        } catch (final RuntimeException e) {
            // Jetty gave up waiting for a request in flight (a client holding its connection open):
            // the server is stopped all the same, and the rest of the instance must still close.
            LOG.atWarn().setMessage("HTTP server stopped without waiting for every request in flight")
                    .addKeyValue("error", e.getClass().getSimpleName()).log();
        }
    }

    /** Answers the request when a route claims its path (or before {@link #start()}); otherwise leaves it to Javalin. */
    private void dispatch(final Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
        if (!serving) {
            finish(ctx, Response.unavailable("starting; retry shortly"));
            return;
        }
        final String rawPath = ctx.req().getRequestURI();
        if (rawPath.indexOf(';') >= 0) {
            // Path parameters (";token=...") are no part of any route, and would otherwise reach an
            // endpoint inside an identifier, and the read audit with it.
            refusedBeforeRoute(registry, 400);
            finish(ctx, Response.error(400, "path: ';' parameters are not accepted; send credentials in the "
                    + "Authorization header and encode a ';' in an identifier as %3B"));
            return;
        }
        if (ctx.queryParamMap().keySet().stream().anyMatch(Access::namesACredential)) {
            // On every route, the open ones and the console's files too: URLs end up in proxy and
            // browser logs. Refused before any route, so the URL is never written to the read audit.
            refusedBeforeRoute(registry, 400);
            finish(ctx, Response.error(400, "credentials: send the token in the Authorization header, never in "
                    + "the URL"));
            return;
        }
        for (final Route route : routes) {
            if (rawPath.startsWith(route.prefix())) {
                finish(ctx, answer(ctx.req(), route, identify));
                return;
            }
        }
    }

    private static Response answer(final HttpServletRequest http, final Route route,
                                   final UnaryOperator<Request> identify) {
        try {
            final String method = http.getMethod().toUpperCase(Locale.ROOT);
            final Request head = identify.apply(new Request(method.equals("HEAD") ? "GET" : method,
                    pathParams(http.getRequestURI(), route.prefix()), Request.parseQuery(http.getQueryString()),
                    headers(http), new byte[0], http.getRemoteAddr()));
            if (head.caller().isEmpty()) {
                // Whatever an anonymous caller sends is not read: its route refuses it from the headers.
                return route.endpoint().handle(head);
            }
            final byte[] body = http.getContentLengthLong() > route.maxBodyBytes() ? null
                    : readBody(http.getInputStream(), route.maxBodyBytes());
            if (body == null) {
                return Response.error(413, "body: larger than " + route.maxBodyBytes() + " bytes");
            }
            return route.endpoint().handle(head.withBody(body));
        } catch (final IllegalArgumentException e) {
            // A malformed %-escape in the path or query.
            return Response.error(400, "request: " + e.getMessage());
        } catch (final Exception e) {
            return failed(route.prefix(), e);
        }
    }

    /** 500, logged with the route but not the path. */
    private static Response failed(final String route, final Exception e) {
        LOG.atError().setMessage("request failed").addKeyValue("route", route).setCause(e).log();
        return Response.error(500, "internal error; see the instance's log");
    }

    private static List<String> pathParams(final String rawPath, final String prefix) {
        final String rest = rawPath.length() > prefix.length() ? rawPath.substring(prefix.length()) : "";
        return Arrays.stream(rest.split("/")).filter(segment -> !segment.isEmpty())
                .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    private static Map<String, String> headers(final HttpServletRequest http) {
        final Map<String, String> headers = new HashMap<>();
        for (final String name : Collections.list(http.getHeaderNames())) {
            final List<String> values = Collections.list(http.getHeaders(name));
            if (!values.isEmpty()) {
                // A header sent twice is one comma-joined value (RFC 9110): two Authorization headers
                // then match no token, rather than the last one winning.
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
            }
        }
        return headers;
    }

    /** The whole body, or null when it is longer than {@code max}. */
    private static byte[] readBody(final InputStream in, final long max) throws IOException {
        final byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return body.length > max ? null : body;
    }

    /** Writes {@code response} and ends the request: no other Javalin handler runs. */
    private static void finish(final Context ctx, final Response response) {
        respond(ctx, response);
        ctx.skipRemainingHandlers();
    }

    private static void respond(final Context ctx, final Response response) {
        ctx.status(response.status()).contentType(response.contentType());
        response.headers().forEach(ctx::header);
        if (!"HEAD".equalsIgnoreCase(ctx.req().getMethod()) && response.body().length > 0) {
            ctx.result(response.body());
        }
    }
}
