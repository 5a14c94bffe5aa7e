package io.aether.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import io.aether.webhooks.AddressPolicy.Kind;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    private final AddressPolicy strict = AddressPolicy.parse("");

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void classifiesIpv4() throws Exception {
        for (String a : List.of("10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1")) {
            assertEquals(Kind.PRIVATE, AddressPolicy.kind(ip(a)), a);
        }
        assertEquals(Kind.LOOPBACK, AddressPolicy.kind(ip("127.0.0.1")));
        assertEquals(Kind.LOOPBACK, AddressPolicy.kind(ip("127.255.0.9")));
        assertEquals(Kind.LINK_LOCAL, AddressPolicy.kind(ip("169.254.169.254")));
        assertEquals(Kind.MULTICAST, AddressPolicy.kind(ip("224.0.0.1")));
        assertEquals(Kind.MULTICAST, AddressPolicy.kind(ip("239.255.255.250")));
        assertEquals(Kind.UNSPECIFIED, AddressPolicy.kind(ip("0.0.0.0")));
        assertEquals(Kind.RESERVED, AddressPolicy.kind(ip("255.255.255.255")));
        assertEquals(Kind.RESERVED, AddressPolicy.kind(ip("198.18.0.1")));
        for (String a : List.of("8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "193.0.14.129")) {
            assertEquals(Kind.PUBLIC, AddressPolicy.kind(ip(a)), a);
        }
    }

    @Test
    void classifiesIpv6IncludingTheIpv4Inside() throws Exception {
        assertEquals(Kind.LOOPBACK, AddressPolicy.kind(ip("::1")));
        assertEquals(Kind.UNSPECIFIED, AddressPolicy.kind(ip("::")));
        assertEquals(Kind.PRIVATE, AddressPolicy.kind(ip("fd12:3456::1")));
        assertEquals(Kind.PRIVATE, AddressPolicy.kind(ip("fc00::1")));
        assertEquals(Kind.LINK_LOCAL, AddressPolicy.kind(ip("fe80::1")));
        assertEquals(Kind.MULTICAST, AddressPolicy.kind(ip("ff02::1")));
        assertEquals(Kind.RESERVED, AddressPolicy.kind(ip("2001:db8::1")));
        assertEquals(Kind.PUBLIC, AddressPolicy.kind(ip("2606:4700:4700::1111")));
        // the IPv4 address carried inside decides: mapped, compatible, NAT64, 6to4
        assertEquals(Kind.LOOPBACK, AddressPolicy.kind(ip("::ffff:127.0.0.1")));
        assertEquals(Kind.PRIVATE, AddressPolicy.kind(ip("::ffff:10.1.2.3")));
        assertEquals(Kind.LINK_LOCAL, AddressPolicy.kind(ip("64:ff9b::a9fe:a9fe")));
        assertEquals(Kind.PRIVATE, AddressPolicy.kind(ip("2002:c0a8:0101::1")));
        assertEquals(Kind.LOOPBACK, AddressPolicy.kind(ip("::127.0.0.1")));
        assertEquals(Kind.PUBLIC, AddressPolicy.kind(ip("64:ff9b::808:808")));
        // built from bytes, so that no parser folds it into an Inet4Address first
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = 1;
        mapped[15] = 1;
        assertEquals(Kind.LINK_LOCAL, AddressPolicy.kind(java.net.Inet6Address.getByAddress(null, mapped, null)));
    }

    @Test
    void allowedNetworksOpenOnlyWhatTheyName() throws Exception {
        AddressPolicy loopback = AddressPolicy.parse("127.0.0.0/8, ::1/128");
        assertTrue(loopback.allowed(ip("127.0.0.1")));
        assertTrue(loopback.allowed(ip("::1")));
        assertTrue(loopback.allowed(ip("::ffff:127.0.0.2")));
        assertFalse(loopback.allowed(ip("10.0.0.1")));
        assertFalse(loopback.allowed(ip("169.254.169.254")));
        assertFalse(strict.allowed(ip("127.0.0.1")));
        assertTrue(strict.allowed(ip("8.8.8.8")));
        AddressPolicy everything = AddressPolicy.parse("0.0.0.0/0,::/0");
        assertTrue(everything.allowed(ip("10.0.0.1")));
        assertFalse(everything.allowed(ip("224.0.0.1")), "multicast is never a webhook");
        assertFalse(everything.allowed(ip("0.0.0.0")), "nor the unspecified address");
        AddressPolicy one = AddressPolicy.parse("10.1.2.3");
        assertTrue(one.allowed(ip("10.1.2.3")));
        assertFalse(one.allowed(ip("10.1.2.4")));
        assertTrue(AddressPolicy.parse("172.16.0.0/12").allowed(ip("172.31.0.1")));
        assertFalse(AddressPolicy.parse("172.16.0.0/16").allowed(ip("172.17.0.1")), "private, outside the block");
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.parse("example.com/8"));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.parse("10.0.0.0/33"));
    }

    @Test
    void ipv4InFormsThatResolversReadDifferentlyIsRefused() {
        // Java reads 0177.0.0.1 as 177.0.0.1 (public); curl reads it as 127.0.0.1 (loopback)
        for (String host : List.of("0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "2130706433", "127.1", "127.0.1",
                "127.000.000.001", "256.0.0.1", "1.2.3.4.5", "0X7F.1")) {
            WebhookRefused refused = assertThrows(WebhookRefused.class,
                    () -> AddressPolicy.check("http://" + host + "/hook"), host);
            assertTrue(refused.getMessage().contains("four decimal numbers"), refused.getMessage());
        }
        for (String host : List.of("127.0.0.1", "10.0.0.10", "0.0.0.0", "hooks.example.com", "1password.com",
                "0x.example.com", "123.example", "[::1]")) {
            assertEquals(host, AddressPolicy.check("http://" + host + "/hook").getHost(), host);
        }
    }

    @Test
    void urlsMustBePlainHttpOrHttps() {
        assertEquals("hooks.example.com", AddressPolicy.check("https://hooks.example.com/aether?x=1").getHost());
        assertEquals(8080, AddressPolicy.check("http://hooks.example.com:8080/").getPort());
        for (String bad : List.of("", "ftp://example.com/", "file:///etc/passwd", "gopher://example.com",
                "https://user:pass@example.com/", "https:///nohost", "https://example.com/#frag", "not a url",
                "javascript:alert(1)", "https://example.com/" + "a".repeat(AddressPolicy.MAX_URL_LENGTH))) {
            assertThrows(WebhookRefused.class, () -> AddressPolicy.check(bad), bad);
        }
        assertThrows(WebhookRefused.class, () -> AddressPolicy.check(null));
    }

    @Test
    void resolvingRefusesPrivateTargetsWithAClearReason() {
        for (String url : List.of("http://127.0.0.1/", "http://localhost:8080/", "http://10.0.0.7/",
                "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:192.168.0.1]/",
                "http://[fe80::1]/", "http://0.0.0.0/")) {
            WebhookRefused refused = assertThrows(WebhookRefused.class, () -> strict.resolve(AddressPolicy.check(url)), url);
            assertTrue(refused.getMessage().contains("not allowed") || refused.getMessage().contains("does not resolve"),
                    refused.getMessage());
        }
        assertEquals("127.0.0.1", AddressPolicy.parse("127.0.0.0/8").resolve(URI.create("http://127.0.0.1:9/"))
                .getHostAddress());
        assertThrows(WebhookRefused.class, () -> strict.resolve(URI.create("http://no-such-host.invalid/")));
    }
}
