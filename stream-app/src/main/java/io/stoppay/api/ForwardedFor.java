package io.stoppay.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * The client a forwarded query was made for, as the read audit records it ("from where"). Only a
 * StopPay instance may say where a query came from: {@value QueryForwarder#FORWARDED_FOR} is taken
 * when the request is marked forwarded ({@value QueryForwarder#FORWARDED_HEADER}), its peer's address
 * is one of this application's instances (the hosts of the Kafka Streams metadata, resolved), and
 * the value is one IPv4 or IPv6 address literal; anything else is not used, and the audit then
 * records the direct peer only. A client's own header, a list of proxies, a host name or text with
 * control or bidirectional characters never reach the 400-day audit.
 */
public final class ForwardedFor {

    /** Longest IPv6 literal (with an embedded IPv4 address). */
    private static final int MAX_LITERAL = 45;
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** What an IPv6 literal is made of; with a ':' the JDK parses it as a literal, never by DNS. */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Predicate<InetAddress> instances;

    /** {@code instances}: whether an address is one of this application's instances. */
    public ForwardedFor(final Predicate<InetAddress> instances) {
        this.instances = instances;
    }

    /**
     * The instances of {@code streams}'s application, from its metadata (every host that advertises
     * {@code application.server}), resolved by name each time a forwarded request asks: the JVM
     * caches the answers (30 s by default), and only forwarded requests ask. Before Kafka Streams
     * runs there is no metadata, and no peer is believed.
     */
    public static ForwardedFor among(final KafkaStreams streams) {
        return new ForwardedFor(peer -> streams.state().isRunningOrRebalancing()
                && streams.metadataForAllStreamsClients().stream()
                .map(StreamsMetadata::hostInfo)
                .flatMap(host -> Arrays.stream(resolved(host.host())))
                .anyMatch(peer::equals));
    }

    /** The client address an instance forwarded {@code request} for, canonical; empty when it cannot be trusted. */
    public Optional<String> of(final Request request) {
        if (!QueryForwarder.forwarded(request)) {
            return Optional.empty();
        }
        final Optional<InetAddress> peer = literal(request.remoteAddress());
        if (peer.isEmpty() || !instances.test(peer.get())) {
            return Optional.empty();
        }
        return request.header(QueryForwarder.FORWARDED_FOR).flatMap(ForwardedFor::literal).map(InetAddress::getHostAddress);
    }

    /** {@code text} as an address when it is exactly one IP address literal; never a DNS lookup. */
    public static Optional<InetAddress> literal(final String text) {
        final String value = text.strip();
        if (value.length() > MAX_LITERAL || !(IPV4.matcher(value).matches() || IPV6_CHARACTERS.matcher(value).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value));
        } catch (final UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static InetAddress[] resolved(final String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (final UnknownHostException e) {
            // An instance whose name does not resolve here cannot be the peer of a connection either.
            return new InetAddress[0];
        }
    }
}
