package io.stoppay.loadtest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.stream.IntStream;

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

    /** The first of {@code count} consecutive ports nobody listens on now, for a process that takes a range. */
    public static int freeRange(final int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            final int first = free();
            if (first + count <= 65_536 && IntStream.range(1, count).allMatch(i -> bindable(first + i))) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    private static boolean bindable(final int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
