package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.aether.jobs.JobState;
import org.junit.jupiter.api.Test;

class VideoTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456Z");

    @Test
    void aNewRecordReadsBackAsItWasUploaded() {
        Map<String, String> hash = Video.created("v1", new Video.Upload("alice", "clip.mp4", "video/mp4", 1234,
                "v1/source", "tus", true), NOW);
        Video video = Video.parse(hash);
        assertEquals("v1", video.id());
        assertEquals("alice", video.owner());
        assertEquals(JobState.WAITING, video.status());
        assertEquals(0, video.attempts());
        assertEquals(NOW, video.createdAt());
        assertEquals(NOW, video.updatedAt());
        assertEquals("clip.mp4", video.filename());
        assertEquals("video/mp4", video.contentType());
        assertEquals(1234, video.size());
        assertEquals("v1/source", video.rawKey());
        assertEquals("tus", video.source());
        assertTrue(video.isPublic());
        assertFalse(video.playable());
        assertNull(video.startedAt());
        assertNull(video.duration());
        assertEquals(List.of(), video.renditions());
    }

    @Test
    void missingFieldsReadAsNothingAndTheSourceKeyFollowsTheId() {
        Video video = Video.parse(Map.of("id", "v2", "status", "active"));
        assertEquals("v2/source", video.rawKey());
        assertEquals("", video.filename());
        assertNull(video.error());
        assertNull(video.worker());
        assertEquals(0, video.chunks());
        assertEquals(0, video.revision());
        assertFalse(video.isPublic());
    }

    @Test
    void theLadderAndEachRungsEncodingRoundTrip() {
        Map<String, io.aether.media.Encoding> encodings = new java.util.LinkedHashMap<>();
        encodings.put("1080p", io.aether.media.Encoding.cappedCrf(24.5, 94, 8000, true));
        encodings.put("720p", io.aether.media.Encoding.abr(2996));
        Map<String, String> fields = new Video.Changes().renditions(List.of(new Rung("1080p", 1920, 1080),
                new Rung("720p", 1280, 720))).ladder("per-title", null, encodings).fields(NOW);
        fields.put("id", "v");
        Video video = Video.parse(fields);
        assertEquals("per-title", video.ladder());
        assertEquals("", video.ladderReason());
        assertEquals(encodings, video.encodings());
        assertEquals(List.of(new Rung("1080p", 1920, 1080), new Rung("720p", 1280, 720)), video.renditions());
        assertEquals(List.of("1080p", "720p"), video.renditionNames());
        // a record from before per-title ladders: no ladder, no encodings
        Video old = Video.parse(Map.of("id", "v"));
        assertEquals(null, old.ladder());
        assertEquals(null, old.ladderAsked());
        assertEquals(Map.of(), old.encodings());
    }

    @Test
    void aRecordWrittenBeforeTheRungsWereOneFieldReadsAsTheSameRungs() {
        // names and sizes in two lists, as the previous version wrote them; sizes absent before they were kept
        Video sized = Video.parse(Map.of("id", "v", "renditions", "1080p,720p",
                "renditionSizes", "1920x1080,1280x720"));
        assertEquals(List.of(new Rung("1080p", 1920, 1080), new Rung("720p", 1280, 720)), sized.renditions());
        Video unsized = Video.parse(Map.of("id", "v", "renditions", "720p,480p"));
        assertEquals(List.of(new Rung("720p", null, null), new Rung("480p", null, null)), unsized.renditions());
        assertEquals(List.of(), Video.parse(Map.of("id", "v", "renditions", "")).renditions());
    }

    @Test
    void aCompletedVideoPlaysAndAChunkedOneOnceMarked() {
        assertTrue(Video.parse(Map.of("id", "v", "status", "completed")).playable());
        assertTrue(Video.parse(Map.of("id", "v", "status", "active", "playable", "true")).playable());
        assertFalse(Video.parse(Map.of("id", "v", "status", "active", "playable", "false")).playable());
    }

    @Test
    void changesWriteTheFieldsTheRecordReads() {
        Map<String, String> fields = new Video.Changes().worker("w1").startedAt(NOW).progress(40).error("")
                .media(12.5, 1280, 720, true).chunked(3).fields(NOW);
        fields.put("id", "v");
        Video video = Video.parse(fields);
        assertEquals("w1", video.worker());
        assertEquals(NOW, video.startedAt());
        assertEquals(40, video.progress());
        assertEquals("", video.error());
        assertEquals(12.5, video.duration());
        assertEquals(1280, video.width());
        assertEquals(720, video.height());
        assertTrue(video.hasAudio());
        assertEquals(3, video.chunks());
        assertFalse(video.playable());
        assertEquals(NOW, video.updatedAt());
    }

    /** store/ sits below the features and the operations: it imports none of them. */
    @Test
    void theStoreDependsOnNothingAboveIt() throws IOException {
        Pattern imports = Pattern.compile("^import (?:static )?io\\.aether\\.(\\w+)\\.", Pattern.MULTILINE);
        List<String> above = List.of("api", "tus", "worker", "live", "webhooks", "ops", "config", "access", "web");
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/aether/store"))) {
            for (Path file : files.toList()) {
                Matcher m = imports.matcher(Files.readString(file));
                while (m.find()) {
                    assertFalse(above.contains(m.group(1)), file + " imports io.aether." + m.group(1));
                }
            }
        }
    }
}
