package io.stoppay.testing;

import io.stoppay.access.Access;
import io.stoppay.access.GuardedEndpoint;
import io.stoppay.access.Role;
import io.stoppay.api.Endpoint;
import java.util.Set;

/** Guarded endpoints as the HTTP server serves them, without a socket. */
public final class AtTheEdge {

    private AtTheEdge() {
    }

    /**
     * {@code endpoint} behind {@code access.require(anyOf, ...)}, each request first identified from
     * its headers, once, as {@code HttpApi} does where it arrives.
     */
    public static Endpoint guarded(final Access access, final Set<Role> anyOf, final GuardedEndpoint endpoint) {
        final Endpoint required = access.require(anyOf, endpoint);
        return request -> required.handle(access.identify(request));
    }
}
