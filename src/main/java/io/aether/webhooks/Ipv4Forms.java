package io.aether.webhooks;

import java.util.regex.Pattern;

/** IPv4 literals that resolvers read in different ways, which an address check must not guess at. */
final class Ipv4Forms {
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)0x[0-9a-f]*|[0-9]*");
    private static final Pattern DOTTED_DECIMAL = Pattern.compile("0|[1-9][0-9]{0,2}");

    private Ipv4Forms() {
    }

    /** The host of a URL's raw authority, for the forms java.net.URI gives no host for (0x7f.0.0.1, 127.1). */
    static String authorityHost(String authority) {
        if (authority == null) {
            return "";
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = host.lastIndexOf(':');
        return colon < 0 || host.contains("]") ? host : host.substring(0, colon);
    }

    /**
     * A host made only of numbers that is not four plain decimals: Java reads {@code 0177.0.0.1} as
     * 177.0.0.1, while curl and most C resolvers read it as octal 127.0.0.1, so the address checked
     * would not be the one another client connects to.
     */
    static boolean ambiguous(String host) {
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!NUMERIC_LABEL.matcher(label).matches()) {
                return false; // a name (or an IPv6 literal), not a number
            }
        }
        if (labels.length != 4) {
            return true;
        }
        for (String label : labels) {
            if (!DOTTED_DECIMAL.matcher(label).matches() || Integer.parseInt(label) > 255) {
                return true;
            }
        }
        return false;
    }
}
