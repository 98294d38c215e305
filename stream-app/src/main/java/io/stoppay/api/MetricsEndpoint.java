package io.stoppay.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter of the instance in the Prometheus text format. */
public final class MetricsEndpoint implements Endpoint {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(final PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Response handle(final Request request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.methodNotAllowed("GET");
        }
        return Response.text(200, PROMETHEUS_TEXT, registry.scrape());
    }
}
