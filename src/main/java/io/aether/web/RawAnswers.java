package io.aether.web;

import java.nio.charset.StandardCharsets;

import io.aether.http.Problem;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Whole HTTP/1.1 answers as bytes, for a connection on which Vert.x has no request to answer (a head
 * that never finished, a connection over the cap): written below its decoder and encoder, which would
 * refuse an answer they saw no request for.
 */
final class RawAnswers {
    private RawAnswers() {
    }

    /** Problem details, then the connection closes; {@code extraHeaders} are whole lines, each ending in CRLF. */
    static ByteBuf problem(int status, String detail, String extraHeaders) {
        byte[] body = Problem.json(status, detail).getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + Problem.title(status) + "\r\n"
                + "Content-Type: " + Problem.CONTENT_TYPE + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + extraHeaders
                + "Connection: close\r\n\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    }
}
