package io.aether.worker.job;

import io.aether.child.ChildOutput;
import io.aether.child.ChildResult;
import io.aether.child.ChildCommand;
import io.aether.child.ChildProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.media.Playlists;
import io.aether.media.Rendition;

/**
 * Master playlists measured from what was encoded: CODECS read from a segment, BANDWIDTH and
 * AVERAGE-BANDWIDTH from segment sizes, instead of ffmpeg's nominal values.
 */
public final class Masters {
    private final ChildProcesses children;
    private final String ffprobe;

    public Masters(ChildProcesses children, String ffprobe) {
        this.children = children;
        this.ffprobe = ffprobe;
    }

    /** The RFC 6381 CODECS value of a segment's video stream. */
    public String avc1(Path segment) throws Exception {
        ChildResult probe = children.run(new ChildCommand(List.of(ffprobe, "-v", "error",
                "-select_streams", "v:0", "-show_entries", "stream=profile,level", "-print_format", "json",
                segment.toString())), 0);
        JsonNode stream = Json.MAPPER.readTree(ChildOutput.text(probe.stdout())).path("streams").path(0);
        return Playlists.avc1(stream.path("profile").asText("High"), stream.path("level").asInt(40));
    }

    /**
     * The first presentation timestamp (90 kHz) of a segment's video stream: where captions' time 0
     * lies. Measured rather than derived, since the muxer adds its own delay to the timeline's start.
     */
    public long firstPts(Path segment) throws Exception {
        ChildResult probe = children.run(new ChildCommand(List.of(ffprobe, "-v", "error",
                "-select_streams", "v:0", "-show_entries", "stream=start_pts", "-print_format", "json",
                segment.toString())), 0);
        JsonNode pts = Json.MAPPER.readTree(ChildOutput.text(probe.stdout())).path("streams").path(0).path("start_pts");
        if (!pts.canConvertToLong()) {
            throw new TransientFailure("ffprobe found no start time in " + segment.getFileName());
        }
        return pts.asLong();
    }

    /** The master of a single pass, whose variants each carry their own audio. */
    public String singlePass(Path out, List<Rendition> ladder, int fps, boolean audio) throws Exception {
        List<Playlists.Variant> variants = new ArrayList<>();
        for (Rendition rung : ladder) {
            String playlist = rung.name() + ".m3u8";
            List<Playlists.Segment> segments = Playlists.segments(
                    Files.readString(out.resolve(playlist), StandardCharsets.UTF_8), name -> out.resolve(name).toFile().length());
            if (segments.isEmpty()) {
                throw new TransientFailure("ffmpeg wrote no segment for " + rung.name());
            }
            String codecs = avc1(out.resolve(segments.get(0).name())) + (audio ? ",mp4a.40.2" : "");
            variants.add(new Playlists.Variant(playlist, rung.width(), rung.height(), fps,
                    Playlists.peakBps(segments), Playlists.averageBps(segments), codecs));
        }
        return Playlists.master(variants, null);
    }
}
