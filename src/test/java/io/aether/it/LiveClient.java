package io.aether.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;

/** A WebSocket client of /ws/videos/{id}, as a browser would use it: JSON text messages in, a close code at the end. */
public final class LiveClient implements AutoCloseable {
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    public record Closed(int code, String reason) {
    }

    private LiveClient(String url) throws Exception {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    /** Opens a socket on the given API replica, e.g. http://127.0.0.1:PORT, for one video of the tests owner. */
    public static LiveClient watch(String httpBase, String videoId) throws Exception {
        return watch(httpBase, videoId, Credentials.key(httpBase));
    }

    /**
     * Opens a socket with a ticket asked for with the key, as the page does; when none is given (not
     * the key owner's video) it connects without one, and the server decides.
     */
    public static LiveClient watch(String httpBase, String videoId, String key) throws Exception {
        String url = httpBase.replaceFirst("^http", "ws") + "/ws/videos/" + videoId;
        String ticket = ticket(httpBase, videoId, key);
        return new LiveClient(ticket == null ? url : url + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    /** POST /api/v1/videos/{id}/ticket with the key: the ticket, or null when refused. */
    public static String ticket(String httpBase, String videoId, String key) throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(httpBase + "/api/v1/videos/" + URLEncoder.encode(videoId, StandardCharsets.UTF_8) + "/ticket")).timeout(Api.REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        ContractCheck.check("POST", reply.uri(), reply.statusCode(), reply.headers().map(), reply.body());
        return reply.statusCode() == 201 ? Json.MAPPER.readTree(reply.body()).path("ticket").asText() : null;
    }

    public JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout + (closed.isDone() ? "; closed: " + closed.join() : ""));
        }
        return message;
    }

    /** Every message until the server closes the socket. */
    public List<JsonNode> untilClosed(Duration timeout) throws Exception {
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the socket stayed open for " + timeout + "; got " + drain());
        }
        return drain();
    }

    public Closed closed(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    private List<JsonNode> drain() {
        List<JsonNode> all = new ArrayList<>();
        messages.drainTo(all);
        return all;
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    ContractCheck.checkLiveMessage(partial.toString());
                    messages.add(Json.MAPPER.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    closed.completeExceptionally(new AssertionError("not JSON: " + partial, e));
                } catch (AssertionError drifted) {
                    closed.completeExceptionally(drifted);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
