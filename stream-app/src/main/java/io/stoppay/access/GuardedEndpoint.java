package io.stoppay.access;

import io.stoppay.api.Request;
import io.stoppay.api.Response;

/**
 * An endpoint that answers an authenticated caller with a role it requires ({@link Access#require}).
 * It checks the caller's regions and banks itself, where the request names them.
 */
@FunctionalInterface
public interface GuardedEndpoint {

    Response handle(Request request, Principal caller) throws Exception;
}
