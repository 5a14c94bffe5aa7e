package io.aether.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.errors.Conflict;
import io.aether.errors.InvalidRequest;
import io.aether.http.Replies;
import io.aether.jobs.DownloadJob;
import io.aether.jobs.JobState;
import io.aether.store.Downloads;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * POST /api/v1/videos/{id}/downloads: asks for a video as one file, made by a worker. Asking again
 * for a download that is waiting, being made or ready changes nothing and queues nothing.
 */
public final class DownloadsApi {
    private static final int MAX_BODY = 1024;
    /** Exchange property: the download's state to answer with once its job is queued (or none was needed). */
    private static final String ANSWER = "AetherDownload";
    /** Exchange property the route reads: whether a job is to be queued. */
    public static final String QUEUE = "AetherDownloadQueue";

    private final VideoStore videos;
    private final Downloads downloads;

    public DownloadsApi(VideoStore videos, Downloads downloads) {
        this.videos = videos;
        this.downloads = downloads;
    }

    public void request(Exchange exchange, @Header("id") String id, @Body String body) {
        Video video = videos.findOwned(id, VideosApi.owner(exchange)).orElseThrow(() -> new VideoNotFound(id));
        String rendition = rendition(body);
        if (video.status() != JobState.COMPLETED) {
            throw notYet(video.status());
        }
        check(video, rendition);
        Downloads.Requested requested = downloads.request(id, rendition);
        if (requested.missing()) {
            throw new VideoNotFound(id);
        }
        if (requested.status() == null) {
            throw notYet(JobState.fromWire(requested.videoStatus()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rendition", rendition);
        answer.put("status", requested.status());
        exchange.setProperty(ANSWER, answer);
        exchange.setProperty(QUEUE, requested.queue());
        exchange.getMessage().setBody(DownloadJob.of(id, rendition));
    }

    /** After the job went on the queue, if one was needed: 202 with the download's state. */
    public void accepted(Exchange exchange) {
        Replies.json(exchange, 202, exchange.getProperty(ANSWER, Map.class));
    }

    private static Conflict notYet(JobState status) {
        return new Conflict("the video is " + (status == null ? "unknown" : status.wire())
                + ": downloads are made from the finished video, once it is completed");
    }

    private static String rendition(String body) {
        JsonNode request;
        try {
            request = body == null || body.length() > MAX_BODY ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject() || !request.path("rendition").isTextual()) {
            throw new InvalidRequest("send {\"rendition\": \"highest\"}, a rendition's name or \"audio\"");
        }
        return request.path("rendition").asText();
    }

    /** The highest rung, any rung by name, or the audio when there is some. */
    static void check(Video video, String rendition) {
        if (Downloads.AUDIO.equals(rendition) && !video.hasAudio()) {
            throw new InvalidRequest("this video has no audio: ask for " + String.join(", ", choices(video)));
        }
        if (!choices(video).contains(rendition)) {
            throw new InvalidRequest("no rendition \"" + rendition + "\": ask for " + String.join(", ", choices(video)));
        }
    }

    static List<String> choices(Video video) {
        List<String> out = new ArrayList<>();
        out.add(Downloads.HIGHEST);
        out.addAll(video.renditionNames());
        if (video.hasAudio()) {
            out.add(Downloads.AUDIO);
        }
        return out;
    }
}
