package io.stoppay.api;

import io.stoppay.app.InstanceHealth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health/live} and {@code /health/ready} for Kubernetes probes: 200 when the answer is
 * yes, 503 when it is no, with the Kafka Streams state in the body either way.
 */
public final class HealthEndpoints implements Endpoint {

    private final InstanceHealth health;

    public HealthEndpoints(final InstanceHealth health) {
        this.health = health;
    }

    @Override
    public Response handle(final Request request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.methodNotAllowed("GET");
        }
        final String probe = request.pathParams().size() == 1 ? request.pathParams().get(0) : "";
        final boolean yes;
        switch (probe) {
            case "live" -> yes = health.live();
            case "ready" -> yes = health.ready();
            default -> {
                return Response.error(404, "path: /health/live or /health/ready");
            }
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", yes ? "UP" : "DOWN");
        body.put("state", health.state().name());
        body.put("restoringPartitions", health.restoringPartitions());
        return Response.json(yes ? 200 : 503, body);
    }
}
