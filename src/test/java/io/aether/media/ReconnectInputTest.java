package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source read over HTTP whose connection drops mid-body, as an object store's may under load: with
 * {@link FfmpegCommand#input}'s options ffmpeg resumes and decodes every frame; plain {@code -i} reads
 * the drop as the end of the source and exits 0 with part of them (the short chunks seen in bursts).
 */
class ReconnectInputTest {
    private static final int FRAMES = 180;

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger cuts = new AtomicInteger();

    @BeforeEach
    void serveAFileThatDropsItsFirstLongRead() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30:duration=6", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "30", "-movflags", "+faststart", clip.toString()));
        byte[] bytes = Files.readAllBytes(clip);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/clip.mp4", exchange -> serve(exchange, bytes));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDroppedConnectionIsResumedAndEveryFrameDecoded() throws Exception {
        assertEquals(FRAMES, frames(FfmpegCommand.input(url())));
        assertEquals(1, cuts.get(), "the server dropped one read");
    }

    @Test
    void withoutTheOptionsTheDropReadsAsTheEnd() throws Exception {
        int frames = frames(List.of("-i", url()));
        assertEquals(1, cuts.get());
        assertTrue(frames < FRAMES, "plain -i decoded " + frames + " frames");
    }

    @Test
    void aLocalFileGetsNoOptions() {
        assertEquals(List.of("-i", "/tmp/x.mp4"), FfmpegCommand.input("/tmp/x.mp4"));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/clip.mp4";
    }

    /**
     * Serves ranges; the first response of more than a third of the file stops halfway and drops. The
     * clip's index is at its start, so ffmpeg reads it in one GET and the drop falls among its frames.
     */
    private void serve(HttpExchange exchange, byte[] bytes) throws IOException {
        long from = 0;
        long to = bytes.length - 1;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=")) {
            String[] parts = range.substring(6).split("-", -1);
            from = Long.parseLong(parts[0]);
            if (!parts[1].isEmpty()) {
                to = Math.min(to, Long.parseLong(parts[1]));
            }
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
        }
        exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
        long length = to - from + 1;
        exchange.sendResponseHeaders(range != null ? 206 : 200, length);
        boolean cut = length > bytes.length / 3 && cuts.compareAndSet(0, 1);
        OutputStream body = exchange.getResponseBody();
        try {
            body.write(bytes, (int) from, (int) (cut ? length / 2 : length));
            body.flush();
        } finally {
            // closing a fixed-length body before its end drops the connection: the client sees it end early
            try {
                exchange.close();
            } catch (RuntimeException e) {
                // the short body's close complains; the drop is what this server is for
            }
        }
    }

    private int frames(List<String> input) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
        command.addAll(input);
        command.addAll(List.of("-map", "0:v", "-f", "framecrc", "-"));
        String out = run(command);
        return (int) out.lines().filter(line -> !line.startsWith("#")).count();
    }

    private String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ffmpeg did not end");
        assertEquals(0, process.exitValue(), "ffmpeg's exit: " + command);
        return out;
    }
}
