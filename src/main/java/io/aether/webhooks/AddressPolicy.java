package io.aether.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which webhook URLs Aether may call: http or https, no credentials in the URL, and a host whose
 * every address is public. Private, shared, loopback, link-local and reserved addresses (IPv4 and
 * IPv6, also when an IPv6 address carries an IPv4 one) are refused unless they fall in a network
 * configured as allowed; multicast and unspecified addresses are always refused. The URL is checked
 * when it is set and the host resolved again before every delivery, which then connects to the
 * address that was checked, so a name that later resolves elsewhere (DNS rebinding) gains nothing.
 */
public final class AddressPolicy {
    static final int MAX_URL_LENGTH = 2048;

    /** What an address is; only PUBLIC ones are called without being allowed in configuration. */
    public enum Kind { PUBLIC, PRIVATE, LOOPBACK, LINK_LOCAL, RESERVED, MULTICAST, UNSPECIFIED }

    private final List<Network> allowed;

    public AddressPolicy(List<Network> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Networks as a comma-separated list of CIDR blocks ({@code 127.0.0.0/8,::1/128}); empty allows none. */
    public static AddressPolicy parse(String networks) {
        List<Network> list = new ArrayList<>();
        for (String part : networks.split(",")) {
            if (!part.isBlank()) {
                list.add(Network.parse(part.trim()));
            }
        }
        return new AddressPolicy(list);
    }

    /** The URL's form alone; {@link #resolve} checks where it leads. */
    public static URI check(String url) {
        if (url == null || url.isBlank()) {
            throw new WebhookRefused("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new WebhookRefused("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new WebhookRefused("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new WebhookRefused("url must be http or https");
        }
        // java.net.URI has no host for some of these forms (0x7f.0.0.1, 127.1): read it from the authority
        String host = uri.getHost() != null ? uri.getHost() : Ipv4Forms.authorityHost(uri.getRawAuthority());
        if (!host.isEmpty() && Ipv4Forms.ambiguous(host)) {
            throw new WebhookRefused("url's host " + host + " is an IPv4 address in a form resolvers read"
                    + " differently (octal, hexadecimal or shortened); write it as four decimal numbers");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new WebhookRefused("url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new WebhookRefused("url must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new WebhookRefused("url must not have a fragment");
        }
        return uri;
    }

    /** Resolves the URL's host and returns the address to connect to, if every address is allowed. */
    public InetAddress resolve(URI uri) {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new WebhookRefused("url's host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!allowed(address)) {
                throw new WebhookRefused("url's host " + host + " resolves to a " + kind(address).name()
                        .toLowerCase(Locale.ROOT).replace('_', '-') + " address, which is not allowed");
            }
        }
        return addresses[0];
    }

    public boolean allowed(InetAddress address) {
        Kind kind = kind(address);
        if (kind == Kind.PUBLIC) {
            return true;
        }
        if (kind == Kind.MULTICAST || kind == Kind.UNSPECIFIED) {
            return false;
        }
        byte[] bytes = address.getAddress();
        byte[] embedded = embeddedIpv4(bytes);
        return allowed.stream().anyMatch(n -> n.contains(bytes) || embedded != null && n.contains(embedded));
    }

    public static Kind kind(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? ipv4(b) : ipv6(b);
    }

    private static Kind ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return Kind.UNSPECIFIED; // 0.0.0.0/8, "this network": connecting there reaches the host itself
        }
        if (a0 == 127) {
            return Kind.LOOPBACK;
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168 || a0 == 100 && (a1 & 0xc0) == 64) {
            return Kind.PRIVATE; // RFC 1918 and the carrier-grade NAT block 100.64.0.0/10
        }
        if (a0 == 169 && a1 == 254) {
            return Kind.LINK_LOCAL; // cloud metadata services live here
        }
        if (a0 >= 224 && a0 <= 239) {
            return Kind.MULTICAST;
        }
        if (a0 >= 240 || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) || a0 == 198 && (a1 & 0xfe) == 18
                || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) {
            return Kind.RESERVED; // future use, broadcast, protocol assignments, benchmarking, documentation
        }
        return Kind.PUBLIC;
    }

    private static Kind ipv6(byte[] b) {
        byte[] v4 = embeddedIpv4(b);
        if (v4 != null) {
            return ipv4(v4);
        }
        if (isZero(b, 0, 16)) {
            return Kind.UNSPECIFIED;
        }
        if (isZero(b, 0, 15) && b[15] == 1) {
            return Kind.LOOPBACK;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff) {
            return Kind.MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Kind.LINK_LOCAL;
        }
        if ((first & 0xfe) == 0xfc || first == 0xfe && (second & 0xc0) == 0xc0) {
            return Kind.PRIVATE; // unique local fc00::/7, deprecated site-local fec0::/10
        }
        if ((first & 0xe0) != 0x20 || first == 0x20 && second == 0x01 && (b[2] | b[3]) == 0
                || first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            // outside global unicast 2000::/3, Teredo 2001::/32 (hides an IPv4 address), documentation 2001:db8::/32
            return Kind.RESERVED;
        }
        return Kind.PUBLIC;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 address. */
    static byte[] embeddedIpv4(byte[] b) {
        if (b.length != 16) {
            return null;
        }
        boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = isZero(b, 0, 12) && !isZero(b, 12, 15);
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && isZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A CIDR block. */
    public record Network(byte[] prefix, int bits) {
        public static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] bytes;
            try {
                // a literal only: getByName does not resolve a string that starts like an address
                if (!host.matches("[0-9a-fA-F:.]+")) {
                    throw new UnknownHostException(host);
                }
                bytes = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP network: " + cidr);
            }
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + cidr);
            }
            return new Network(bytes, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
