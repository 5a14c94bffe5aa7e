package io.aether.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a worker's ffmpegs are doing at one moment, read from the command lines of its children: tests that
 * check which runs go side by side sample it every few tens of milliseconds.
 */
final class Ffmpegs {

    /** The worker's ffmpegs at one moment: whole-video single passes, or parts (chunks and audio). */
    record Sample(int singlePasses, int parts, int chunks, int longChunks) {
    }

    private Ffmpegs() {
    }

    /** The ffmpegs the worker runs now. */
    static List<ProcessHandle> running(AppProcess worker) {
        return worker.children().stream().filter(p -> p.info().command().orElse("").endsWith("ffmpeg")).toList();
    }

    /** How many ffmpegs the worker runs now. */
    static int count(AppProcess worker) {
        return running(worker).size();
    }

    /** The worker's ffmpegs now: a single pass writes the master itself, a chunk counts frames, the audio is audio. */
    static Sample sample(AppProcess worker) {
        int single = 0;
        int parts = 0;
        int chunks = 0;
        int longChunks = 0;
        for (ProcessHandle child : worker.children()) {
            String command = commandLine(child);
            if (!command.contains("ffmpeg")) {
                continue;
            }
            if (command.contains("-master_pl_name")) {
                single++;
            } else if (command.contains("-frames:v")) {
                parts++;
                chunks++;
                // a 10 s chunk (300 frames) less than half encoded has over a second left, even at ultrafast on
                // one thread (2.6 s in all); the 2 s first one, or one nearly done, may end any moment
                List<String> words = List.of(command.split(" "));
                long frames = Long.parseLong(words.get(words.indexOf("-frames:v") + 1));
                if (frames >= 300 && framesDone(Path.of(words.get(words.indexOf("-progress") + 1))) < frames / 2) {
                    longChunks++;
                }
            } else if (command.contains("audio.m3u8")) {
                parts++;
            }
        }
        return new Sample(single, parts, chunks, longChunks);
    }

    /** The last frame count a run's -progress file shows; none yet is 0. */
    private static long framesDone(Path progress) {
        try {
            List<String> lines = Files.readAllLines(progress);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("frame=")) {
                    return Long.parseLong(lines.get(i).substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException notYet) {
            return 0;
        }
        return 0;
    }

    /** The full command line, arguments and all (ProcessHandle.Info may cut it short). */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")))
                    .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }
}
