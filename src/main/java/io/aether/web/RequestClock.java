package io.aether.web;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Bounds the two phases of an HTTP/1.x connection in which the client owes the server something and
 * nothing else bounds it: the request head (request line and headers) must be in within the head
 * timeout, counted from the connection's accept or, on a kept-alive connection, from the next
 * request's first byte; and a kept-alive connection may wait for its next request for the idle time.
 * A head that is late gets 408 with problem details if any of it arrived (else the connection is just
 * closed, as nothing was asked), an idle connection is closed.
 *
 * <p>Nothing else is timed: a request body is the upload routes' business (their own minimum rate,
 * {@code MinimumRate}), an answer being written is the server's, and a connection upgraded to a
 * WebSocket stops being HTTP at all. The idle time starts only once the answer's last byte was written
 * and the request's body fully read, so a slow download or a slow but moving upload is never cut.
 *
 * <p>Two handlers share one clock: one before the request decoder sees raw bytes (the first byte of
 * the next head), one after it sees decoded heads and the answers written.
 */
final class RequestClock {
    /** DRAIN: answered, but the client is still sending the request's body, which no route reads now. */
    private enum Phase { HEAD, BUSY, DRAIN, IDLE, UPGRADED }

    private final long headMs;
    private final long idleMs;
    private Phase phase = Phase.HEAD;
    private boolean headStarted;
    /** Requests whose head arrived and whose answer has not been written to its end. */
    private int unanswered;
    private boolean bodyRead = true;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext bytes;

    private RequestClock(long headMs, long idleMs) {
        this.headMs = headMs;
        this.idleMs = idleMs;
    }

    /** Adds the two handlers around the decoder of a connection that has not read a byte yet. */
    static void attach(ChannelPipeline pipeline, String decoder, String handler, long headMs, long idleMs) {
        RequestClock clock = new RequestClock(headMs, idleMs);
        pipeline.addBefore(decoder, "aetherRequestBytes", clock.new Bytes());
        pipeline.addBefore(handler, "aetherRequestClock", clock.new Messages());
    }

    private void arm(long ms) {
        cancel();
        if (ms > 0 && bytes != null) {
            timer = bytes.executor().schedule(this::expired, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (phase == Phase.HEAD && headStarted) {
            // written below the decoder and encoder: no request is in progress for them to pair it with
            bytes.writeAndFlush(timedOut(headMs)).addListener(ChannelFutureListener.CLOSE);
        } else if (phase != Phase.BUSY && phase != Phase.UPGRADED) {
            bytes.channel().close();
        }
    }

    private void answered() {
        unanswered = Math.max(0, unanswered - 1);
        idleIfDone();
    }

    private void idleIfDone() {
        if ((phase == Phase.BUSY || phase == Phase.DRAIN) && unanswered == 0 && bytes.channel().isActive()) {
            phase = bodyRead ? Phase.IDLE : Phase.DRAIN;
            headStarted = false;
            arm(idleMs);
        }
    }

    static ByteBuf timedOut(long headMs) {
        String detail = "the request's head (request line and headers) did not arrive within "
                + (headMs >= 1000 ? headMs / 1000 + " s" : headMs + " ms");
        return RawAnswers.problem(408, detail, "");
    }

    /** Before the decoder: the bytes of the next request's head start its clock. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            bytes = ctx;
            arm(headMs); // from the accept: a connection that sends nothing is as late as one that sends little
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buffer && buffer.isReadable()) {
                if (phase == Phase.IDLE) {
                    phase = Phase.HEAD;
                    arm(headMs);
                }
                if (phase == Phase.HEAD) {
                    headStarted = true;
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }
    }

    /** After the decoder: a whole head stops the clock, the end of the last answer starts the idle one. */
    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (phase != Phase.UPGRADED) {
                if (msg instanceof HttpRequest) {
                    cancel();
                    phase = Phase.BUSY;
                    unanswered++;
                    bodyRead = false;
                }
                if (msg instanceof LastHttpContent) {
                    bodyRead = true;
                    idleIfDone();
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean ends = msg instanceof LastHttpContent && phase != Phase.UPGRADED;
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                if (status == 101) {
                    phase = Phase.UPGRADED; // a WebSocket now: idle as long as it likes
                    cancel();
                    ends = false;
                } else if (status < 200) {
                    ends = false; // 100 Continue, 103 Early Hints: the answer is still to come
                }
            }
            if (ends) {
                // once the last byte is out: a slow reader of a long answer is not idle
                promise = promise.unvoid();
                promise.addListener(written -> answered());
            }
            ctx.write(msg, promise);
        }
    }
}
