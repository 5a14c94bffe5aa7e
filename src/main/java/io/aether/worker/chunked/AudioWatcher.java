package io.aether.worker.chunked;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aether.media.Playlists;
import io.aether.media.Playlists.Segment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the audio run's segments while it goes on: ffmpeg rewrites its EVENT playlist after
 * each finished segment, so every segment it lists is whole. Playback then never waits for the
 * whole audio track.
 */
final class AudioWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AudioWatcher.class);
    private static final long POLL_MS = 500;

    interface Sink {
        /** Stores one segment file and records the list so far. */
        void stored(Path file, List<Segment> soFar, boolean finished) throws Exception;
    }

    private final Path playlist;
    private final Sink sink;
    private final List<Segment> stored = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;

    AudioWatcher(Path playlist, Sink sink) {
        this.playlist = playlist;
        this.sink = sink;
        this.thread = new Thread(this::run, "audio-segments");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
            try {
                storeNew(false);
            } catch (Exception e) {
                // the next look (or the final one) tries again
                LOG.warn("Audio segments of {} not stored yet: {}", playlist, e.toString());
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void storeNew(boolean finished) throws Exception {
        if (!Files.exists(playlist)) {
            if (finished) {
                sink.stored(null, List.copyOf(stored), true);
            }
            return;
        }
        Path dir = playlist.getParent();
        List<Segment> listed = Playlists.segments(Files.readString(playlist, StandardCharsets.UTF_8),
                name -> size(dir.resolve(name)));
        int before = stored.size();
        for (int i = before; i < listed.size(); i++) {
            sink.stored(dir.resolve(listed.get(i).name()), listWith(listed.get(i)), finished && i == listed.size() - 1);
            stored.add(listed.get(i));
        }
        if (finished && stored.size() == before) {
            sink.stored(null, List.copyOf(stored), true);
        }
    }

    private List<Segment> listWith(Segment next) {
        List<Segment> all = new ArrayList<>(stored);
        all.add(next);
        return all;
    }

    /** After ffmpeg has ended well: stores what is left and says the audio is complete. */
    void finish() throws Exception {
        close();
        storeNew(true);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(5000);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
