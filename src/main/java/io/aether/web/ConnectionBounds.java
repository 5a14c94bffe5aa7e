package io.aether.web;

import java.lang.management.ManagementFactory;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * How long an HTTP connection may take to send a request's head, how long a kept-alive one may wait
 * for its next request ({@link RequestClock}), and how many connections one server of this replica
 * keeps open at once (aether.http.* in application.properties). Without them a client that opens a
 * connection and never finishes its request holds a file descriptor forever, and enough of them
 * exhaust the process's open-file limit.
 *
 * <p>Over the cap, a new connection is answered 503 with Retry-After and closed at once, before its
 * request is read. The management port counts its connections apart, with a cap of its own
 * ({@link #MANAGEMENT_CAP} at most), so a crowd on the public port never locks the probes out.
 */
public final class ConnectionBounds {
    static final int MANAGEMENT_CAP = 100;
    static final int DEFAULT_CAP = 10_000;
    static final String FULL = "this replica has as many connections open as it takes; retry shortly";
    /** A refused client's request, still arriving, is dropped this long before the close, so it reads the 503. */
    private static final long LINGER_MS = 1000;

    private final long headMs;
    private final long idleMs;
    private final int cap;
    private final int managementPort;

    ConnectionBounds(long headMs, long idleMs, int cap, int managementPort) {
        this.headMs = headMs;
        this.idleMs = idleMs;
        this.cap = Math.max(1, cap);
        this.managementPort = managementPort;
    }

    /** @param maxConnections per port; 0 or less: {@link #defaultCap} of the open-file limit */
    public static ConnectionBounds of(long headMs, long idleMs, long maxConnections, int managementPort) {
        return new ConnectionBounds(headMs, idleMs,
                maxConnections > 0 ? (int) Math.min(Integer.MAX_VALUE, maxConnections) : defaultCap(openFileLimit()),
                managementPort);
    }

    /** Half the open-file limit, leaving the rest to Redis, MinIO, the jars and the management port; at most 10,000. */
    static int defaultCap(long openFileLimit) {
        return openFileLimit <= 0 ? DEFAULT_CAP : (int) Math.max(16, Math.min(DEFAULT_CAP, openFileLimit / 2));
    }

    private static long openFileLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    int cap() {
        return cap;
    }

    /** The open connections of one HTTP server. */
    Counter counter() {
        return new Counter();
    }

    final class Counter {
        private final AtomicInteger open = new AtomicInteger();

        /**
         * Called for each new HTTP/1.x connection before it has read a byte, {@code handler} being
         * the name of Vert.x's handler in its pipeline. False if it was refused.
         */
        boolean admit(Channel channel, String handler) {
            ChannelPipeline pipeline = channel.pipeline();
            ChannelHandlerContext decoder = pipeline.context(HttpRequestDecoder.class);
            if (decoder == null) {
                return true; // HTTP/2 over TLS: its own framing, not timed here
            }
            int limit = isManagement(channel.localAddress()) ? Math.min(cap, MANAGEMENT_CAP) : cap;
            if (open.incrementAndGet() > limit) {
                open.decrementAndGet();
                pipeline.addBefore(decoder.name(), "aetherRefused", new Refused());
                return false;
            }
            channel.closeFuture().addListener(closed -> open.decrementAndGet());
            RequestClock.attach(pipeline, decoder.name(), handler, headMs, idleMs);
            return true;
        }

        int open() {
            return open.get();
        }
    }

    private boolean isManagement(SocketAddress local) {
        return local instanceof java.net.InetSocketAddress address && address.getPort() == managementPort;
    }

    /** Answers 503 at once, drops whatever the client sends, and closes. */
    private static final class Refused extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            Channel channel = ctx.channel();
            ctx.writeAndFlush(RawAnswers.problem(503, FULL, "Retry-After: 1\r\n")).addListener(written -> {
                if (written.isSuccess() && channel instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput(); // the client reads the end of the answer now
                    ctx.executor().schedule(() -> channel.close(), LINGER_MS, TimeUnit.MILLISECONDS);
                } else {
                    channel.close();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // never reaches Vert.x: no route runs for a refused connection
        }
    }
}
