package io.aether.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TicketsTest {
    private static final long NOW = 1_800_000_000L;
    private final Tickets tickets = new Tickets(secret(7), 60);

    @Test
    void aTicketOpensItsVideoForItsOwnerUntilItExpires() {
        String ticket = tickets.issue("video-1", "acme", NOW);
        assertEquals(Optional.of("acme"), tickets.verify(ticket, "video-1", NOW).map(Tickets.Valid::owner));
        assertEquals(Optional.of("acme"), tickets.verify(ticket, "video-1", NOW + 60).map(Tickets.Valid::owner));
        assertEquals(NOW + 60, tickets.verify(ticket, "video-1", NOW).orElseThrow().expiry());
        assertEquals(Optional.empty(), tickets.verify(ticket, "video-1", NOW + 61), "expired");
        assertEquals(Optional.empty(), tickets.verify(ticket, "video-2", NOW), "another video");
    }

    @Test
    void anythingChangedOrForeignIsRefused() {
        String[] parts = tickets.issue("video-1", "acme", NOW).split("\\.");
        String otherOwner = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("evil".getBytes());
        for (String forged : new String[] {
                (Long.parseLong(parts[0]) + 600) + "." + parts[1] + "." + parts[2] + "." + parts[3],
                parts[0] + ".AAAAAAAAAAAAAAAA." + parts[2] + "." + parts[3],
                parts[0] + "." + parts[1] + "." + otherOwner + "." + parts[3],
                parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3].substring(1),
                parts[0] + "." + parts[2] + "." + parts[3],
                "", "....", "x.y.z.w", "1.@@.@@.@@"}) {
            assertEquals(Optional.empty(), tickets.verify(forged, "video-1", NOW), forged);
        }
        assertEquals(Optional.empty(), tickets.verify(null, "video-1", NOW));
        Tickets otherSecret = new Tickets(secret(8), 60);
        assertEquals(Optional.empty(), otherSecret.verify(tickets.issue("video-1", "acme", NOW), "video-1", NOW),
                "a ticket of another cluster");
    }

    @Test
    void noTwoTicketsAreAlikeEvenInTheSameSecond() {
        String first = tickets.issue("video-1", "acme", NOW);
        String second = tickets.issue("video-1", "acme", NOW);
        assertNotEquals(first, second);
        assertNotEquals(tickets.verify(first, "video-1", NOW).orElseThrow().signature(),
                tickets.verify(second, "video-1", NOW).orElseThrow().signature(), "each is marked used on its own");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Tickets(new byte[16], 60));
    }

    private static byte[] secret(int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return secret;
    }
}
