package io.stoppay.api;

/** Answers the requests of one route. An endpoint never throws for bad input: it answers 4xx. */
@FunctionalInterface
public interface Endpoint {

    Response handle(Request request) throws Exception;
}
