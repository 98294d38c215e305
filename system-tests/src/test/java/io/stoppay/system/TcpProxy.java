package io.stoppay.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stable address in front of a broker whose port changes on every start: the broker advertises
 * the proxy's port, so every client connection (bootstrap, and each one the metadata points to)
 * goes through here to wherever the broker listens now. While no broker is there, connections are
 * refused by closing them, as they would be by a stopped broker.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int targetPort = -1;

    TcpProxy() {
        try {
            this.server = new ServerSocket(0);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("proxy-accept", this::accept).start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where connections go from now on; -1: nowhere. */
    void target(final int port) {
        this.targetPort = port;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                final int port = targetPort;
                if (port < 0) {
                    client.close();
                    continue;
                }
                final Socket upstream = connect(port);
                if (upstream == null) {
                    client.close();
                    continue;
                }
                open.add(client);
                open.add(upstream);
                daemon("proxy-up", () -> pump(client, upstream)).start();
                daemon("proxy-down", () -> pump(upstream, client)).start();
            } catch (final IOException e) {
                // the server socket closed, or one connection failed: the next accept decides
            }
        }
    }

    private static Socket connect(final int port) {
        try {
            return new Socket("localhost", port);
        } catch (final IOException e) {
            return null;
        }
    }

    private void pump(final Socket from, final Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (final IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(final Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (final IOException e) {
            // already closed
        }
    }

    private static Thread daemon(final String name, final Runnable work) {
        final Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (final IOException e) {
            // already closed
        }
        open.forEach(this::closeQuietly);
    }
}
