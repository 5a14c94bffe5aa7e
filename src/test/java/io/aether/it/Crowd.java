package io.aether.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Thousands of raw HTTP connections on one selector, each sending a first few bytes and maybe a byte
 * at each {@link #drip()}, watched for what the server answers and when it closes them: what a
 * blocking socket per connection ({@link RawHttp}) cannot do in a test's time.
 */
final class Crowd implements AutoCloseable {
    private final Selector selector;
    private final List<Member> members = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);

    /** One connection: when it opened, when the server closed it (or -1), what it sent back. */
    static final class Member {
        final String kind;
        final SocketChannel channel;
        final long openedMs = System.currentTimeMillis();
        final boolean drips;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        long closedMs = -1;

        Member(String kind, SocketChannel channel, boolean drips) {
            this.kind = kind;
            this.channel = channel;
            this.drips = drips;
        }

        boolean closed() {
            return closedMs >= 0;
        }

        long lifetimeMs() {
            return closedMs - openedMs;
        }

        String text() {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    Crowd() throws IOException {
        selector = Selector.open();
    }

    /** Opens {@code count} connections that each send {@code first} (may be empty) and, if told, drip a byte. */
    List<Member> open(String baseUrl, String kind, int count, String first, boolean drips) throws IOException {
        URI uri = URI.create(baseUrl);
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        List<Member> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(address); // blocking connect: quick on loopback
            Member member = new Member(kind, channel, drips);
            if (!first.isEmpty()) {
                channel.write(ByteBuffer.wrap(first.getBytes(StandardCharsets.ISO_8859_1)));
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, member);
            members.add(member);
            opened.add(member);
        }
        return opened;
    }

    /** Reads what arrives for {@code ms}, noting each close. */
    void pump(long ms) throws IOException {
        long end = System.currentTimeMillis() + ms;
        for (long left = ms; left > 0; left = end - System.currentTimeMillis()) {
            if (selector.select(left) == 0) {
                continue;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Member member = (Member) key.attachment();
                buffer.clear();
                int n;
                try {
                    n = member.channel.read(buffer);
                } catch (IOException reset) {
                    n = -1;
                }
                if (n < 0) {
                    member.closedMs = System.currentTimeMillis();
                    key.cancel();
                    member.channel.close();
                } else {
                    member.received.write(buffer.array(), 0, n);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    /** One more byte of a header value from each dripping connection still open. */
    void drip() {
        for (Member member : members) {
            if (member.drips && !member.closed()) {
                try {
                    member.channel.write(ByteBuffer.wrap(new byte[] {'a'}));
                } catch (IOException reset) {
                    // pump sees the close
                }
            }
        }
    }

    List<Member> members() {
        return members;
    }

    List<Member> stillOpen() {
        return members.stream().filter(m -> !m.closed()).toList();
    }

    @Override
    public void close() throws IOException {
        for (Member member : members) {
            member.channel.close();
        }
        selector.close();
    }
}
