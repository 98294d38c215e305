package io.stoppay.loadtest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free TCP ports for the processes a benchmark or a system test starts. */
public final class Ports {

    private Ports() {
    }

    /** A port nobody listens on now (the OS's choice), for a process that will bind it shortly. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
