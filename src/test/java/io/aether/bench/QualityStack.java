package io.aether.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.it.AppProcess;
import io.aether.it.Credentials;
import io.aether.it.Services;

/**
 * One API process and one worker process on a Redis database of their own, with the worker's settings
 * fixed at start (AETHER_QUALITY_MEASURE is a deployment setting, so the unmeasured runs need a worker
 * of their own). The bench keeps two of these up and uploads to one at a time, so the other's worker
 * waits idle on its queue and the busy one has the machine.
 */
final class QualityStack implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofMinutes(40);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final AppProcess api;
    private final AppProcess worker;

    /** An upload's outcome: seconds from the upload's start to completed, and the record then. */
    record Done(String id, double seconds, JsonNode record) {
    }

    private QualityStack(String name, AppProcess api, AppProcess worker) {
        this.name = name;
        this.api = api;
        this.worker = worker;
    }

    static QualityStack start(String name, int database, Map<String, String> env) throws Exception {
        Services.freshRedis(database).close();
        AppProcess api = AppProcess.start("api", database, env);
        try {
            return new QualityStack(name, api, AppProcess.start("worker", database, env));
        } catch (Exception e) {
            api.close();
            throw e;
        }
    }

    /**
     * Uploads the file with the form field {@code ladder} and waits for completed, polling the record
     * four times a second (the API's share of a core at that rate is a few percent).
     */
    Done upload(Path file, String ladder) throws Exception {
        long start = System.nanoTime();
        String boundary = "aether-bench-" + UUID.randomUUID();
        // the fields come before the file, so the API knows them when the file's bytes arrive
        String head = field(boundary, "title", file.getFileName().toString()) + field(boundary, "ladder", ladder)
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: video/mp4\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/upload"))
                .timeout(Duration.ofMinutes(10)).header("Authorization", Credentials.bearer(api.url()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new SequenceInputStream(Collections.enumeration(List.of(
                                new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)), Files.newInputStream(file),
                                new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)))));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), head.getBytes(StandardCharsets.UTF_8).length + Files.size(file) + tail.length())).build();
        HttpResponse<String> reply = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() / 100 != 2) {
            throw new IllegalStateException(name + ": the upload answered " + reply.statusCode() + " " + reply.body());
        }
        String id = Json.MAPPER.readTree(reply.body()).path("id").asText();
        long deadline = start + DEADLINE.toNanos();
        while (true) {
            JsonNode record = record(id);
            String status = record.path("status").asText();
            if (status.equals("completed")) {
                return new Done(id, (System.nanoTime() - start) / 1e9, record);
            }
            if (status.equals("failed") || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": video " + id + " did not complete: " + record
                        + "\nworker log: " + worker.log());
            }
            Thread.sleep(250);
        }
    }

    JsonNode record(String id) throws Exception {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/videos/" + id))
                .header("Authorization", Credentials.bearer(api.url())).timeout(Duration.ofMinutes(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(name + ": GET video " + id + " answered " + reply.statusCode());
        }
        return Json.MAPPER.readTree(reply.body());
    }

    /** Removes a measured video, so a full run does not leave gigabytes in MinIO. */
    void delete(String id) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/videos/" + id))
                .header("Authorization", Credentials.bearer(api.url())).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String field(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    @Override
    public void close() throws Exception {
        AppProcess.closeAll(worker, api);
    }
}
