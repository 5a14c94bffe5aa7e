package io.aether.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.aether.captions.CaptionsParser;
import io.aether.captions.Cue;
import io.aether.captions.LanguageTag;
import io.aether.captions.Track;
import io.aether.errors.InvalidRequest;
import io.aether.errors.TooLarge;
import io.aether.errors.UnsupportedMediaType;
import io.aether.http.LimitedInputStream;
import io.aether.http.MinimumRate;
import io.aether.http.Replies;
import io.aether.http.RequestInputStream;
import io.aether.http.TooLargeException;
import io.aether.store.CaptionsStore;
import io.aether.store.SubtitledMasters;
import io.aether.store.SubtitledMasters.Change;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/** PUT, GET and DELETE /api/v1/videos/{id}/captions[/{lang}]: the owner's caption languages. */
public final class CaptionsApi {
    private static final long BODY_TIMEOUT_MS = 30_000;

    private final VideoStore videos;
    private final CaptionsStore captions;
    private final SubtitledMasters masters;
    private final PlaybackUrls urls;

    public CaptionsApi(VideoStore videos, CaptionsStore captions, SubtitledMasters masters, PlaybackUrls urls) {
        this.videos = videos;
        this.captions = captions;
        this.masters = masters;
        this.urls = urls;
    }

    public void list(Exchange exchange, @Header("id") String id) {
        Video video = owned(exchange, id);
        List<Map<String, Object>> items = captions.tracks(id).stream().map(t -> view(video, t)).toList();
        Replies.json(exchange, 200, Map.of("items", items));
    }

    /** Adds or replaces a language: 201 or 200 with it; a bad file changes nothing. */
    public void put(Exchange exchange, @Header("id") String id, @Header("lang") String lang) throws Exception {
        owned(exchange, id);
        String tag = tag(lang);
        CaptionsParser.Format format = format(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        // BadCaptions (errors.yaml: 400 naming the line) before anything is stored
        List<Cue> cues = CaptionsParser.parse(body(exchange), format);
        String received = format == CaptionsParser.Format.SRT ? "srt" : "vtt";
        Change change = masters.put(id, tag, received, cues);
        if (change == Change.VIDEO_GONE) {
            throw new VideoNotFound(id);
        }
        Video video = owned(exchange, id);
        Track track = captions.tracks(id).stream().filter(t -> t.lang().equals(tag)).findFirst()
                .orElseThrow(() -> new VideoNotFound(id));
        Replies.json(exchange, change == Change.ADDED ? 201 : 200, view(video, track));
    }

    /** 204, or 404 when the video has no captions in that language. */
    public void delete(Exchange exchange, @Header("id") String id, @Header("lang") String lang) throws Exception {
        owned(exchange, id);
        String tag = tag(lang);
        Change change = masters.remove(id, tag);
        if (change == Change.VIDEO_GONE) {
            throw new VideoNotFound(id);
        }
        if (change == Change.NOT_THERE) {
            throw new CaptionsNotFound(id, tag);
        }
        Replies.status(exchange, 204).setBody(null);
    }

    private Map<String, Object> view(Video video, Track track) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("lang", track.lang());
        view.put("name", track.name());
        view.put("format", track.format());
        view.put("playlist", track.playlist());
        // the master lists a language once its cues are mapped to the video's first frame
        String master = urls.playlistUrl(video.id(), video.isPublic());
        view.put("url", track.pts() < 0 ? null
                : master.substring(0, master.lastIndexOf('/') + 1) + track.playlist());
        return view;
    }

    private Video owned(Exchange exchange, String id) {
        return videos.findOwned(id, VideosApi.owner(exchange)).orElseThrow(() -> new VideoNotFound(id));
    }

    private static String tag(String lang) {
        String tag = LanguageTag.canonical(lang);
        if (tag == null) {
            throw new InvalidRequest("the language must be a BCP 47 tag such as en, pt-BR or zh-Hant");
        }
        return tag;
    }

    private static CaptionsParser.Format format(String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-subrip" -> CaptionsParser.Format.SRT;
            case "text/vtt" -> CaptionsParser.Format.WEBVTT;
            default -> throw new UnsupportedMediaType(
                    "send SRT as application/x-subrip or WebVTT as text/vtt, not " + (type.isEmpty() ? "no type" : type));
        };
    }

    /**
     * The file, read with the parser's limit: anything longer is refused as it arrives (413), with
     * the connection closed so its rest is never read.
     */
    private static byte[] body(Exchange exchange) {
        try (InputStream in = new LimitedInputStream(new RequestInputStream(Replies.request(exchange), BODY_TIMEOUT_MS,
                MinimumRate.NONE), CaptionsParser.MAX_BYTES)) {
            return in.readAllBytes();
        } catch (TooLargeException e) {
            Replies.closeConnection(exchange);
            throw new TooLarge("a captions file may have at most " + CaptionsParser.MAX_BYTES + " bytes (1 MiB)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
