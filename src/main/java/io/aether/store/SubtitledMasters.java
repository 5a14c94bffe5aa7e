package io.aether.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.aether.captions.Cue;
import io.aether.captions.LanguageTag;
import io.aether.captions.SubtitledMaster;
import io.aether.captions.Track;
import io.aether.captions.WebVtt;
import io.aether.media.ContentTypes;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;

/**
 * Writes a video's master playlist with its captions, and the captions' WebVTT segments and
 * playlists, all under the video's captions lock ({@link CaptionsStore}): a worker publishing its
 * ladder and the API changing a language never put a master that misses the other's change. Each
 * object is replaced by one whole PUT, so a player reads the old master or the new one.
 */
public final class SubtitledMasters {
    public static final String MASTER = "master.m3u8";

    /** What a captions change did. */
    public enum Change { ADDED, REPLACED, REMOVED, NOT_THERE, VIDEO_GONE }

    private final MinioClient minio;
    private final String bucket;
    private final CaptionsStore captions;
    private final VideoStore videos;
    private final VideoObjects objects;

    public SubtitledMasters(MinioClient minio, String bucket, CaptionsStore captions, VideoStore videos,
                            VideoObjects objects) {
        this.minio = minio;
        this.bucket = bucket;
        this.captions = captions;
        this.videos = videos;
        this.objects = objects;
    }

    /** A worker's master: stored with every language there is now. */
    public void publish(String videoId, String master) throws Exception {
        captions.locked(videoId, () -> {
            put(videoId, MASTER, SubtitledMaster.of(master, mapAll(videoId)));
            return null;
        });
    }

    /** Adds or replaces one language; the master follows if the video has one yet. */
    public Change put(String videoId, String lang, String format, List<Cue> cues) throws Exception {
        Change change = captions.locked(videoId, () -> {
            OptionalLong pts = captions.firstPts(videoId);
            Double duration = videos.find(videoId).map(Video::duration).orElse(null);
            Track track = new Track(lang, LanguageTag.label(lang), format, -1);
            if (pts.isPresent() && duration != null) {
                track = track.mapped(pts.getAsLong());
                put(videoId, track.segment(), WebVtt.segment(cues, pts.getAsLong()));
                put(videoId, track.playlist(), WebVtt.playlist(track.segment(), duration));
            } else {
                // mapped when the first segment is measured (mapAll), listed in no master until then
                put(videoId, track.segment(), WebVtt.segment(cues, 0));
            }
            List<Track> tracks = new ArrayList<>(captions.tracks(videoId));
            boolean replaced = tracks.removeIf(t -> t.lang().equals(lang));
            tracks.add(track);
            if (!captions.save(videoId, tracks)) {
                return Change.VIDEO_GONE;
            }
            rewriteMaster(videoId);
            return replaced ? Change.REPLACED : Change.ADDED;
        });
        return goneMeanwhile(videoId, change);
    }

    /** Removes one language: from the master first, then its files. */
    public Change remove(String videoId, String lang) throws Exception {
        Change change = captions.locked(videoId, () -> {
            List<Track> tracks = new ArrayList<>(captions.tracks(videoId));
            Optional<Track> gone = tracks.stream().filter(t -> t.lang().equals(lang)).findFirst();
            if (gone.isEmpty()) {
                return Change.NOT_THERE;
            }
            tracks.remove(gone.get());
            if (!captions.save(videoId, tracks)) {
                return Change.VIDEO_GONE;
            }
            rewriteMaster(videoId);
            for (String name : List.of(gone.get().playlist(), gone.get().segment())) {
                minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(videoId + "/" + name).build());
            }
            return Change.REMOVED;
        });
        return goneMeanwhile(videoId, change);
    }

    /**
     * A delete that ran meanwhile removed the objects before some of these were stored: they go
     * too, as a worker's do (worker.job.Deletions).
     */
    private Change goneMeanwhile(String videoId, Change change) throws Exception {
        if (change == Change.VIDEO_GONE || !videos.exists(videoId)) {
            objects.removeAll(videoId);
            return Change.VIDEO_GONE;
        }
        return change;
    }

    private void rewriteMaster(String videoId) throws Exception {
        Optional<String> stored = get(videoId, MASTER);
        if (stored.isPresent()) {
            put(videoId, MASTER, SubtitledMaster.of(stored.get(), mapAll(videoId)));
        }
    }

    /**
     * Maps every language stored before the first PTS was known, and answers those a master may
     * list: the mapped ones.
     */
    private List<Track> mapAll(String videoId) throws Exception {
        OptionalLong pts = captions.firstPts(videoId);
        Double duration = videos.find(videoId).map(Video::duration).orElse(null);
        List<Track> tracks = captions.tracks(videoId);
        if (pts.isEmpty() || duration == null) {
            return List.of();
        }
        long first = pts.getAsLong();
        List<Track> mapped = new ArrayList<>();
        boolean changed = false;
        for (Track t : tracks) {
            if (!t.mappedTo(first)) {
                Optional<String> segment = get(videoId, t.segment());
                if (segment.isEmpty()) {
                    continue;
                }
                put(videoId, t.segment(), WebVtt.remap(segment.get(), first));
                put(videoId, t.playlist(), WebVtt.playlist(t.segment(), duration));
                t = t.mapped(first);
                changed = true;
            }
            mapped.add(t);
        }
        if (changed) {
            captions.save(videoId, mapped);
        }
        return mapped;
    }

    private Optional<String> get(String videoId, String name) throws Exception {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(videoId + "/" + name)
                .build())) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void put(String videoId, String name, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(videoId + "/" + name)
                .contentType(ContentTypes.of(name)).stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }
}
