package io.aether.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aether.Json;
import io.aether.store.Video;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the webhook deliveries that are due, on every API replica: each claims a batch in Redis
 * (see {@link WebhookStore#claim}), POSTs them at once and records each outcome. A 2xx answer
 * delivers; anything else (another status, a redirect, no answer within the timeout, a refused
 * address) is tried again on the {@link Backoff} schedule until it runs out. A replica that dies
 * mid-delivery loses its claim when the lease ends, and another replica makes the delivery.
 */
public final class WebhookDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };
    /** Deliveries claimed at once, each looked up on a thread of its own. */
    public static final int BATCH = 16;
    private static final int ROUNDS = 8;

    private final WebhookStore store;
    private final AddressPolicy policy;
    private final Backoff backoff;
    private final Function<Video, Map<String, Object>> view;
    private final Vertx vertx;
    private final HttpClient http;
    private final long timeoutMs;
    /** Where each claimed delivery is read and its host resolved, which blocks. */
    private final ExecutorService lookups;

    /**
     * @param view the record as the API shows it, which is what an event carries
     * @param lookups {@value #BATCH} threads at least; Camel's, named and stopped with the context
     */
    public WebhookDelivery(WebhookStore store, AddressPolicy policy, Backoff backoff,
                           Function<Video, Map<String, Object>> view, long timeoutMs,
                           ExecutorService lookups) {
        this.store = store;
        this.policy = policy;
        this.backoff = backoff;
        this.view = view;
        this.timeoutMs = timeoutMs;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.lookups = lookups;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(BATCH)
                .setConnectTimeout((int) timeoutMs));
    }

    /** What the timer calls: every delivery due now, in batches. */
    public void deliverDue() {
        for (int round = 0; round < ROUNDS; round++) {
            long now = System.currentTimeMillis();
            // the lease covers resolving, connecting and the answer, with room to record the outcome
            List<WebhookStore.Claim> claims = store.claim(now, now + 3 * timeoutMs + 5000, BATCH);
            // side by side: one slow name lookup must not eat the others' leases
            List<CompletableFuture<Optional<Attempt>>> started = claims.stream()
                    .map(claim -> CompletableFuture.supplyAsync(() -> start(claim), lookups)).toList();
            for (CompletableFuture<Optional<Attempt>> attempt : started) {
                attempt.join().ifPresent(a -> record(a, a.answer().join()));
            }
            if (claims.size() < BATCH) {
                return;
            }
        }
    }

    private record Attempt(WebhookStore.Claim claim, Map<String, String> delivery, CompletableFuture<Answer> answer) {
    }

    /** An HTTP status, or 0 with the reason no status came. */
    record Answer(int status, String error) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private Optional<Attempt> start(WebhookStore.Claim claim) {
        Map<String, String> delivery = store.delivery(claim.id()).orElse(null);
        if (delivery == null) {
            store.drop(claim.id());
            return Optional.empty();
        }
        Optional<WebhookStore.Hook> hook = store.hook(delivery.get("owner"));
        if (hook.isEmpty()) {
            store.finish(claim, Map.of("status", "cancelled", "lastError", "the webhook was removed",
                    "nextAttemptAt", ""), null, false);
            return Optional.empty();
        }
        CompletableFuture<Answer> answer;
        try {
            URI uri = AddressPolicy.check(hook.get().url());
            InetAddress address = policy.resolve(uri);
            answer = post(uri, address, delivery.get("id"), hook.get(), body(delivery));
        } catch (RuntimeException refused) {
            answer = CompletableFuture.completedFuture(new Answer(0, refused.getMessage()));
        }
        return Optional.of(new Attempt(claim, delivery, answer));
    }

    private String body(Map<String, String> delivery) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", delivery.get("id"));
        event.put("type", delivery.get("type"));
        event.put("createdAt", delivery.get("createdAt"));
        event.put("data", view.apply(Video.parse(Json.read(delivery.get("record"), FIELDS))));
        // video.download.ready: which of the record's downloads is the one now ready
        if (delivery.get("download") != null) {
            event.put("rendition", delivery.get("download"));
        }
        return Json.write(event);
    }

    /**
     * Connects to the address the policy checked, never to what the name resolves to by then. The
     * event's id is the message id of every attempt, so that receivers can drop repeats.
     */
    private CompletableFuture<Answer> post(URI uri, InetAddress address, String eventId, WebhookStore.Hook hook,
                                           String body) {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost().replaceAll("^\\[|\\]$", "");
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(host).setPort(port).setSsl(https).setURI(path).setFollowRedirects(false)
                .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
                .putHeader("Content-Type", "application/json").putHeader("User-Agent", "Aether-Webhooks/1");
        long now = System.currentTimeMillis();
        Signer.headers(eventId, now / 1000, body, hook.signing(now)).forEach(options::putHeader);
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        http.request(options).onFailure(e -> answer.complete(failure(e))).onSuccess(request -> {
            long timer = vertx.setTimer(timeoutMs, t -> request.reset(0, new TimeoutException(
                    "no answer within " + timeoutMs + " ms")));
            request.send(Buffer.buffer(body)).onComplete(result -> {
                vertx.cancelTimer(timer);
                if (result.succeeded()) {
                    answer.complete(new Answer(result.result().statusCode(), ""));
                    // the answer's body is not read: the connection goes
                    result.result().exceptionHandler(ignored -> { });
                    request.reset();
                } else {
                    answer.complete(failure(result.cause()));
                }
            });
        });
        return answer;
    }

    private static Answer failure(Throwable e) {
        String message = e.getMessage();
        return new Answer(0, message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
    }

    private void record(Attempt attempt, Answer answer) {
        Map<String, String> delivery = attempt.delivery();
        int attempts = Integer.parseInt(delivery.getOrDefault("attempts", "0")) + 1;
        long now = System.currentTimeMillis();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("lastAttemptAt", Instant.ofEpochMilli(now).toString());
        fields.put("lastStatus", answer.status() == 0 ? "" : Integer.toString(answer.status()));
        fields.put("lastError", answer.delivered() ? "" : answer.error().isEmpty()
                ? "answered " + answer.status() : answer.error());
        Long next = null;
        if (answer.delivered()) {
            fields.put("status", "delivered");
            fields.put("deliveredAt", fields.get("lastAttemptAt"));
            fields.put("nextAttemptAt", "");
        } else {
            OptionalLong again = backoff.next(Long.parseLong(delivery.get("createdMs")), attempts, now,
                    ThreadLocalRandom.current()::nextDouble);
            fields.put("status", again.isPresent() ? "retrying" : "failed");
            fields.put("nextAttemptAt", again.isPresent() ? Instant.ofEpochMilli(again.getAsLong()).toString() : "");
            next = again.isPresent() ? again.getAsLong() : null;
        }
        boolean held = store.finish(attempt.claim(), fields, next, true);
        String id = delivery.get("id");
        if (!held) {
            LOG.warn("Webhook {} took longer than its claim; another replica delivers it", id);
        } else if (answer.delivered()) {
            LOG.info("Webhook {} ({} of video {}) delivered on attempt {}", id, delivery.get("type"),
                    delivery.get("videoId"), attempts);
        } else {
            LOG.warn("Webhook {} ({} of video {}) attempt {} failed: {}; {}", id, delivery.get("type"),
                    delivery.get("videoId"), attempts, fields.get("lastError"),
                    next == null ? "giving up" : "next at " + fields.get("nextAttemptAt"));
        }
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        http.close();
        vertx.close();
    }
}
