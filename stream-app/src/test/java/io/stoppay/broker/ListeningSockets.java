package io.stoppay.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The addresses this machine's TCP sockets listen on, as the Linux kernel reports them in
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}: what a process actually bound, whatever its
 * configuration says.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private ListeningSockets() {
    }

    /** True where the kernel's tables can be read (Linux). */
    static boolean readable() {
        return TABLES.stream().allMatch(Files::isReadable);
    }

    /** The local addresses of the sockets listening on {@code port}; an IPv4-mapped IPv6 address as IPv4. */
    static List<InetAddress> on(final int port) throws IOException {
        final List<InetAddress> addresses = new ArrayList<>();
        for (final Path table : TABLES) {
            for (final String line : Files.readAllLines(table).subList(1, Files.readAllLines(table).size())) {
                // "  sl  local_address rem_address   st ...": local_address is HEXADDRESS:HEXPORT
                final String[] columns = line.trim().split("\\s+");
                final String[] local = columns[1].split(":");
                if (columns[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(address(local[0]));
                }
            }
        }
        return addresses;
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
    private static InetAddress address(final String hex) throws UnknownHostException {
        final byte[] printed = HexFormat.of().parseHex(hex);
        final byte[] address = new byte[printed.length];
        for (int word = 0; word < printed.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = printed[word + 3 - i];
            }
        }
        return InetAddress.getByAddress(address);
    }
}
