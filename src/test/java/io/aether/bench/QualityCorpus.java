package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.aether.it.Tools;

/**
 * bench/quality's sources: 1080p30 clips with audio made by ffmpeg's lavfi generators, so no media
 * lives in git, chosen to span how hard content is to encode. Each is kept under .run/quality-corpus
 * once made (the fractal and the grain take minutes): the name says its length and recipe version.
 */
final class QualityCorpus {
    static final int FPS = 30;
    /**
     * The sources are the reference VMAF compares against, so they are encoded near-losslessly; the cap
     * only bites on the grain, which would otherwise need ~300 Mb/s (a camera's mezzanine is 50-100).
     */
    private static final List<String> SOURCE_CODEC = List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "12",
            "-maxrate", "50M", "-bufsize", "100M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "160k");
    private static final String VERSION = "v1";
    private static final Path CACHE = Path.of(".run", "quality-corpus");

    /** One source: a short name, what it stands for, and its lavfi graph (null for the cuts, made from the others). */
    record Source(String name, String kind, String graph, int tone) {
    }

    /** Ordered so the first few already span the range: {@code sources=2} gives the easiest and the hardest. */
    static final List<Source> ALL = List.of(
            new Source("slide", "still slide: colour bars and a title, nothing moves",
                    "smptehdbars=s=1920x1080:r=30,drawtext=text='Quarterly results':fontsize=110:fontcolor=white"
                            + ":box=1:boxcolor=black@0.7:boxborderw=30:x=(w-tw)/2:y=h*0.12", 330),
            new Source("fractal", "high motion and detail: mandelbrot zoom", "mandelbrot=s=1920x1080:r=30", 440),
            new Source("testcard", "slow motion: testsrc2", "testsrc2=s=1920x1080:r=30", 550),
            new Source("automaton", "scrolling fine detail: cellauto rule 110 at 960x540, scaled up 2x",
                    "cellauto=rule=110:s=960x540:r=30:random_seed=7,scale=1920:1080:flags=neighbor", 660),
            new Source("grain", "film grain: testsrc2 + noise alls=20 temporal",
                    "testsrc2=s=1920x1080:r=30,noise=alls=20:allf=t:all_seed=7", 770),
            new Source("cartoon", "animation-like: flat colours, shapes sliding",
                    "color=c=0x87CEEB:s=1920x1080:r=30[sky];color=c=0x3CB371:s=1920x360:r=30[grass];"
                            + "color=c=0xFFA500:s=260x260:r=30[sun];color=c=0xDC143C:s=420x180:r=30[car];"
                            + "color=c=0x4B0082:s=160x300:r=30[door];"
                            + "[sky][grass]overlay=0:720[a];[a][sun]overlay=x='200+300*sin(t/4)':y='110+60*cos(t/4)'[b];"
                            + "[b][door]overlay=x='1500-mod(t*60,600)':y=420[c];"
                            + "[c][car]overlay=x='mod(t*320,2340)-420':y=640[out0]", 880),
            new Source("cuts", "cuts: slide, fractal, cartoon, grain, automaton in turn, hard cuts", null, 0));

    private QualityCorpus() {
    }

    /** all, the first N, or names separated by commas. */
    static List<Source> select(String which) {
        if (which.equals("all")) {
            return ALL;
        }
        if (which.matches("\\d+")) {
            return ALL.subList(0, Math.max(1, Math.min(ALL.size(), Integer.parseInt(which))));
        }
        List<Source> chosen = new ArrayList<>();
        for (String name : which.split(",")) {
            chosen.add(ALL.stream().filter(s -> s.name().equals(name.trim())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no source '" + name + "'; there are "
                            + ALL.stream().map(Source::name).toList())));
        }
        return chosen;
    }

    /** The source's file, made now unless a run before made it. */
    static Path file(Source source, int seconds) throws Exception {
        Path file = CACHE.resolve(source.name() + "-" + seconds + "s-" + VERSION + ".mp4");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(CACHE);
        Path partial = CACHE.resolve(file.getFileName() + ".part.mp4");
        long start = System.nanoTime();
        QualityBench.progress("making source " + source.name() + " (" + seconds + " s, kept in " + CACHE + ")");
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        if (source.graph() == null) {
            command.addAll(cutsInputs(seconds));
        } else {
            command.addAll(List.of("-f", "lavfi", "-i", source.graph(),
                    "-f", "lavfi", "-i", "sine=frequency=" + source.tone() + ":sample_rate=48000",
                    "-map", "0:v", "-map", "1:a"));
        }
        command.addAll(List.of("-t", Integer.toString(seconds)));
        command.addAll(SOURCE_CODEC);
        command.addAll(List.of("-movflags", "+faststart", partial.toString()));
        Tools.run(command);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        QualityBench.progress(String.format("made %s in %.0f s (%.1f Mb/s)", file.getFileName(),
                (System.nanoTime() - start) / 1e9, Files.size(file) * 8 / 1e6 / seconds));
        return file;
    }

    /** Five equal slices of five other sources, each from its own point in time, joined by the concat filter. */
    private static List<String> cutsInputs(int seconds) throws Exception {
        List<String> parts = List.of("slide", "fractal", "cartoon", "grain", "automaton");
        double slice = seconds / (double) parts.size();
        List<String> inputs = new ArrayList<>();
        StringBuilder graph = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Source part = select(parts.get(i)).get(0);
            inputs.addAll(Arrays.asList("-ss", String.format("%.3f", i * slice), "-t", String.format("%.3f", slice),
                    "-i", file(part, seconds).toString()));
            graph.append(String.format("[%d:v]setpts=PTS-STARTPTS[v%d];[%d:a]asetpts=PTS-STARTPTS[a%d];", i, i, i, i));
        }
        for (int i = 0; i < parts.size(); i++) {
            graph.append(String.format("[v%d][a%d]", i, i));
        }
        graph.append("concat=n=").append(parts.size()).append(":v=1:a=1[v][a]");
        inputs.addAll(List.of("-filter_complex", graph.toString(), "-map", "[v]", "-map", "[a]"));
        return inputs;
    }
}
