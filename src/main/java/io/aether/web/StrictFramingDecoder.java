package io.aether.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's HTTP/1.x request decoder, except that a request with both Transfer-Encoding and
 * Content-Length comes out invalid instead of having its Content-Length silently dropped.
 *
 * <p>Throwing while Netty reads a request head is how Netty marks that request invalid: it sets the
 * failure as the request's decoder result and discards the rest of the connection's input, so the
 * body and anything smuggled after it are never parsed. Vert.x then hands the request to the
 * server's invalid-request handler and closes the connection once that answer is written.
 */
final class StrictFramingDecoder extends VertxHttpRequestDecoder {
    static final String REASON = "a request must not carry both Transfer-Encoding and Content-Length:"
            + " the length of its body is ambiguous";

    StrictFramingDecoder(HttpServerOptions options) {
        super(options);
    }

    /**
     * Netty's documented hook for {@code Transfer-Encoding: chunked} with Content-Length in an HTTP/1.1
     * message; by default it removes Content-Length, which hides the conflict from every later handler.
     * The check below already refuses these; this stays as the backstop Netty promises to call.
     */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new Conflict();
    }

    /**
     * Netty asks this once per request, right after the head is parsed and before it picks the
     * framing: the one place that also sees the mixes the hook above is not called for (HTTP/1.0, or a
     * coding other than chunked, where Netty would frame by Content-Length and ignore the coding).
     */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        if (message != null && message.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                && message.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            throw new Conflict();
        }
        return super.isContentAlwaysEmpty(message);
    }

    /**
     * Puts this decoder in place of Vert.x's in a new HTTP/1.x connection's pipeline, before it has
     * read a byte. False if the pipeline holds some other decoder, which is then left alone.
     */
    static boolean replaceIn(ChannelPipeline pipeline, HttpServerOptions options) {
        ChannelHandlerContext decoder = pipeline.context(HttpRequestDecoder.class);
        if (decoder == null) {
            return true; // HTTP/2 (TLS with ALPN): no HTTP/1.x framing to check
        }
        if (decoder.handler() instanceof StrictFramingDecoder) {
            return true;
        }
        if (decoder.handler().getClass() != VertxHttpRequestDecoder.class) {
            return false;
        }
        pipeline.replace(decoder.name(), decoder.name(), new StrictFramingDecoder(options));
        return true;
    }

    /** Whether the Netty on the class path still lets this decoder refuse such a request. */
    static boolean refusesConflicts() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictFramingDecoder(new HttpServerOptions()));
        try {
            channel.writeInbound(Unpooled.copiedBuffer("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Length: 3\r\n\r\n0\r\n\r\n", StandardCharsets.US_ASCII));
            Object first = channel.readInbound();
            boolean refused = first instanceof HttpRequest request
                    && request.decoderResult().cause() instanceof Conflict;
            ReferenceCountUtil.release(first);
            return refused;
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** The decoder result of a refused request; without a stack trace, as any client can cause one. */
    static final class Conflict extends RuntimeException {
        Conflict() {
            super(REASON, null, false, false);
        }
    }
}
