package io.aether.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.aether.Json;

/**
 * A webhook receiver on loopback, as a customer's backend would run it: it verifies each request
 * with its own HMAC code (written here, sharing nothing with Aether's signer), records it, and
 * answers with the status the test sets, or not at all while it is told to hang.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived, with the status it was answered (0: never answered). */
    record Receipt(long atMs, String signature, String eventId, String body, JsonNode event, int answered) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Receipt> receipts = new ArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile CountDownLatch hang = new CountDownLatch(0);

    WebhookReceiver() throws IOException {
        this(null);
    }

    /** Over HTTPS with this context's certificate, when not null. */
    WebhookReceiver(SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 16);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/hooks", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return url("127.0.0.1");
    }

    /** The URL with this host name (which must lead to loopback). */
    String url(String host) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + host + ":" + server.getAddress().getPort() + "/hooks?source=aether";
    }

    void answer(int code) {
        status.set(code);
    }

    /** Holds every request unanswered until {@link #release}. */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void release() {
        hang.countDown();
    }

    synchronized List<Receipt> receipts() {
        return List.copyOf(receipts);
    }

    List<Receipt> receipts(Predicate<Receipt> which) {
        return receipts().stream().filter(which).toList();
    }

    /** Waits until at least n requests match. */
    List<Receipt> await(Predicate<Receipt> which, int n, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (receipts(which).size() < n) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("fewer than " + n + " matching webhook requests in " + timeoutMs + " ms: "
                        + receipts());
            }
            Thread.sleep(100);
        }
        return receipts(which);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.currentTimeMillis();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode event = body.isEmpty() ? null : Json.MAPPER.readTree(body);
        String signature = exchange.getRequestHeaders().getFirst("Aether-Signature");
        String eventId = exchange.getRequestHeaders().getFirst("Aether-Event-Id");
        if (hang.getCount() > 0) {
            synchronized (this) {
                receipts.add(new Receipt(at, signature, eventId, body, event, 0));
            }
            try {
                hang.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        int code = status.get();
        synchronized (this) {
            receipts.add(new Receipt(at, signature, eventId, body, event, code));
        }
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
    }

    /**
     * What a receiver does: parse {@code t=...,v1=...}, recompute HMAC-SHA256 over {@code t + "." + body}
     * with the secret, compare in constant time, and refuse a timestamp outside the tolerance.
     */
    static boolean verify(String header, String body, String secret, long nowSeconds, long toleranceSeconds)
            throws Exception {
        if (header == null) {
            return false;
        }
        String t = null;
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals("t")) {
                t = kv[1].trim();
            } else if (kv.length == 2 && kv[0].trim().equals("v1")) {
                v1.add(kv[1].trim());
            }
        }
        if (t == null || v1.isEmpty() || Math.abs(nowSeconds - Long.parseLong(t)) > toleranceSeconds) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : expected) {
            hex.append(String.format("%02x", b));
        }
        byte[] wanted = hex.toString().getBytes(StandardCharsets.US_ASCII);
        return v1.stream().anyMatch(sig -> MessageDigest.isEqual(wanted, sig.getBytes(StandardCharsets.US_ASCII)));
    }

    static long timestamp(String header) {
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                return Long.parseLong(part.substring(2));
            }
        }
        throw new IllegalArgumentException(header);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
