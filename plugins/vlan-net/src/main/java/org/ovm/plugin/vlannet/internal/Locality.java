package org.ovm.plugin.vlannet.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether a host's libvirt URI points at this machine, where the plugin can run Open vSwitch and dnsmasq
 * commands itself: no host part ({@code qemu:///system}), {@code localhost}, a loopback address, this
 * machine's name or one of its addresses.
 */
final class Locality {

    private final Predicate<InetAddress> ownAddress;
    private final String hostName;

    Locality(Predicate<InetAddress> ownAddress, String hostName) {
        this.ownAddress = ownAddress;
        this.hostName = hostName;
    }

    /** This machine: its interfaces' addresses and its host name. */
    static Locality ofThisMachine() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = null;
        }
        return new Locality(Locality::isInterfaceAddress, name);
    }

    /** The host part of a libvirt URI, without brackets; empty when it has none; null when it is no URI. */
    static String hostOf(String uri) {
        try {
            URI parsed = new URI(uri);
            String host = parsed.getHost();
            if (host == null) {
                String authority = parsed.getRawAuthority();
                if (authority == null || authority.isEmpty()) {
                    return "";
                }
                // an authority URI refuses to parse as server-based (a '_' in the name): take it apart by hand
                host = authority.substring(authority.indexOf('@') + 1);
                if (!host.startsWith("[") && host.lastIndexOf(':') > 0) {
                    host = host.substring(0, host.lastIndexOf(':'));
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    boolean isLocal(String uri) {
        String host = hostOf(uri);
        if (host == null) {
            return false;
        }
        if (host.isEmpty() || host.equals("localhost") || host.equals("localhost.localdomain")
                || host.equals(hostName == null ? null : hostName.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            if (isLiteral(host)) {
                InetAddress address = InetAddress.getByName(host);
                return address.isLoopbackAddress() || ownAddress.test(address);
            }
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress() && !ownAddress.test(address)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An IPv4 or IPv6 literal, which InetAddress parses without asking DNS. */
    static boolean isLiteral(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }

    private static boolean isInterfaceAddress(InetAddress address) {
        Set<InetAddress> own = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                own.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            return false;
        }
        return own.contains(address);
    }
}
