package io.aether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The phases of a connection, on Netty's embedded channel with its clock stopped. */
class RequestClockTest {
    private static final long HEAD_MS = 2000;
    private static final long IDLE_MS = 3000;
    private EmbeddedChannel channel;

    @BeforeEach
    void connect() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast("httpDecoder", new HttpRequestDecoder());
        channel.pipeline().addLast("httpEncoder", new HttpResponseEncoder());
        channel.pipeline().addLast("handler", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg); // the routes
            }
        });
        RequestClock.attach(channel.pipeline(), "httpDecoder", "handler", HEAD_MS, IDLE_MS);
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aHeadThatStartedButDidNotFinishGets408() {
        send("GET /api/v1/vid");
        after(HEAD_MS - 1);
        assertTrue(channel.isOpen());
        after(1);
        assertFalse(channel.isOpen());
        String answer = written();
        assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
        assertTrue(answer.contains("\"status\":408") && answer.contains("within 2 s"), answer);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAWord() {
        after(HEAD_MS);
        assertFalse(channel.isOpen());
        assertEquals("", written());
    }

    @Test
    void betweenRequestsTheIdleTimeAppliesThenTheHeadTimeoutFromTheFirstByte() {
        send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        answer(HttpResponseStatus.OK);
        after(IDLE_MS - 1);
        assertTrue(channel.isOpen(), "the head timeout is not the idle time");
        send("G");
        after(HEAD_MS - 1);
        assertTrue(channel.isOpen());
        after(1);
        assertFalse(channel.isOpen());
        assertTrue(written().contains("HTTP/1.1 408"));
    }

    @Test
    void anIdleConnectionIsClosed() {
        send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        after(IDLE_MS * 5); // the routes take their time: not idle
        assertTrue(channel.isOpen());
        answer(HttpResponseStatus.OK);
        written();
        after(IDLE_MS);
        assertFalse(channel.isOpen());
        assertEquals("", written());
    }

    @Test
    void aBodyIsNotTimedEvenAfter100Continue() {
        send("PATCH /files/x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        answer(HttpResponseStatus.CONTINUE);
        after(IDLE_MS * 10);
        assertTrue(channel.isOpen(), "a body is the upload routes' to bound");
        send("hello");
        answer(HttpResponseStatus.NO_CONTENT);
        after(IDLE_MS);
        assertFalse(channel.isOpen());
    }

    @Test
    void aBodyStillComingAfterTheAnswerHasTheIdleTime() {
        send("POST /api/v1/keys HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
        answer(HttpResponseStatus.UNAUTHORIZED);
        after(IDLE_MS);
        assertFalse(channel.isOpen());
    }

    @Test
    void aWebSocketIsNeverTimed() {
        send("GET /ws/videos/x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);
        after(IDLE_MS * 100);
        assertTrue(channel.isOpen());
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private void answer(HttpResponseStatus status) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeOutbound(response);
    }

    private void after(long ms) {
        channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private String written() {
        StringBuilder all = new StringBuilder();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            all.append(((ByteBuf) out).toString(StandardCharsets.ISO_8859_1));
            ReferenceCountUtil.release(out);
        }
        return all.toString();
    }
}
