package io.stoppay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port for a process a test starts, which must bind a port it is told in advance. */
public final class FreePort {

    private FreePort() {
    }

    /** A port nobody listens on now (the OS's choice). */
    public static int any() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
