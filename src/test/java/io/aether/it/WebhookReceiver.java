package io.aether.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 * A webhook receiver on loopback, as a customer's backend would run it: it records each request and
 * answers with the status the test sets, or not at all while it is told to hang. Its own HMAC checks
 * (written here, sharing nothing with Aether's signer) verify quickly; {@link StandardWebhooksLibrary}
 * verifies with the specification's own library.
 */
final class WebhookReceiver implements AutoCloseable {
    /**
     * One request as it arrived, with the status it was answered (0: never answered).
     *
     * @param headers by lower-case name, the first value of each
     */
    record Receipt(long atMs, Map<String, String> headers, String body, JsonNode event, int answered) {
        String signature() {
            return headers.get("webhook-signature");
        }

        String eventId() {
            return headers.get("webhook-id");
        }

        boolean ofType(String type) {
            return event != null && type.equals(event.path("type").asText());
        }

        /** The first scheme's header, sent while a secret made for it signs. */
        String legacySignature() {
            return headers.get("aether-signature");
        }

        /** This request forged: one header set to another value. */
        Receipt withHeader(String name, String value) {
            Map<String, String> changed = new TreeMap<>(headers);
            changed.put(name, value);
            return new Receipt(atMs, changed, body, event, answered);
        }

        /** This request forged: another body. */
        Receipt withBody(String other) {
            return new Receipt(atMs, headers, other, event, answered);
        }
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
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        if (hang.getCount() > 0) {
            synchronized (this) {
                receipts.add(new Receipt(at, headers, body, event, 0));
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
            receipts.add(new Receipt(at, headers, body, event, code));
        }
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
    }

    /**
     * What a receiver following Standard Webhooks does: recompute HMAC-SHA256 over
     * {@code id + "." + timestamp + "." + body}, keyed with the base64 after {@code whsec_}, compare it
     * in constant time with each {@code v1,} entry, and refuse a timestamp outside the tolerance.
     */
    static boolean verify(Receipt r, String secret, long nowSeconds, long toleranceSeconds) throws Exception {
        return verify(r.headers(), r.body(), secret, nowSeconds, toleranceSeconds);
    }

    static boolean verify(Map<String, String> headers, String body, String secret, long nowSeconds,
                          long toleranceSeconds) throws Exception {
        String id = headers.get("webhook-id");
        String t = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || t == null || signatures == null
                || Math.abs(nowSeconds - Long.parseLong(t)) > toleranceSeconds) {
            return false;
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1));
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + t + "." + body));
        byte[] wanted = expected.getBytes(StandardCharsets.US_ASCII);
        return Arrays.stream(signatures.split(" "))
                .anyMatch(sig -> MessageDigest.isEqual(wanted, sig.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * What a receiver written for Aether's first scheme does: parse {@code t=...,v1=...}, recompute
     * HMAC-SHA256 over {@code t + "." + body} keyed with the secret's UTF-8 text, compare in constant
     * time, and refuse a timestamp outside the tolerance.
     */
    static boolean verifyLegacy(String header, String body, String secret, long nowSeconds, long toleranceSeconds)
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
        byte[] expected = hmac(secret.getBytes(StandardCharsets.UTF_8), t + "." + body);
        StringBuilder hex = new StringBuilder();
        for (byte b : expected) {
            hex.append(String.format("%02x", b));
        }
        byte[] wanted = hex.toString().getBytes(StandardCharsets.US_ASCII);
        return v1.stream().anyMatch(sig -> MessageDigest.isEqual(wanted, sig.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
