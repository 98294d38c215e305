package io.stoppay.behaviour;

import java.util.ArrayList;
import java.util.List;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.SubjectType;

/** The channels a payment came through, as subject keys: {@code DEVICE:id} and {@code IP:address}. */
public final class ChannelKeys {

    private ChannelKeys() {
    }

    public static List<String> of(final PaymentTransaction txn) {
        final List<String> channels = new ArrayList<>(2);
        if (txn.getDeviceId() != null && !txn.getDeviceId().isBlank()) {
            channels.add(SubjectType.DEVICE + ":" + txn.getDeviceId());
        }
        if (txn.getIpAddress() != null && !txn.getIpAddress().isBlank()) {
            channels.add(SubjectType.IP + ":" + txn.getIpAddress());
        }
        return channels;
    }
}
