package io.aether.captions;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SRT or WebVTT captions into cues, refusing what a player would show wrongly: text that is
 * not UTF-8, times it cannot read, cues that end before they start or start before the one before,
 * and files over the size limit. Cue settings and WebVTT blocks other than cues (NOTE, STYLE,
 * REGION) are dropped: the service serves the text at its time, styled by the player.
 */
public final class CaptionsParser {
    public static final int MAX_BYTES = 1 << 20;
    private static final Pattern TIMING = Pattern.compile(
            "^\\s*(\\S+)\\s+-->\\s+(\\S+)(?:\\s+.*)?$");
    private static final Pattern TIME = Pattern.compile("^(?:(\\d+):)?([0-5]\\d):([0-5]\\d)[.,](\\d{3})$");

    public enum Format { SRT, WEBVTT }

    private CaptionsParser() {
    }

    public static List<Cue> parse(byte[] body, Format format) throws BadCaptions {
        if (body.length > MAX_BYTES) {
            throw new BadCaptions(0, "the file is " + body.length + " bytes, over the limit of " + MAX_BYTES);
        }
        String[] lines = utf8(body).split("\r\n|\r|\n", -1);
        int i = 0;
        if (format == Format.WEBVTT) {
            if (lines.length == 0 || !(lines[0].equals("WEBVTT") || lines[0].startsWith("WEBVTT ")
                    || lines[0].startsWith("WEBVTT\t"))) {
                throw new BadCaptions(1, "a WebVTT file starts with the line WEBVTT");
            }
            i = skipBlock(lines, 0);
        }
        List<Cue> cues = new ArrayList<>();
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            if (format == Format.WEBVTT && (lines[i].startsWith("NOTE") || lines[i].equals("STYLE")
                    || lines[i].equals("REGION"))) {
                i = skipBlock(lines, i);
                continue;
            }
            int timingLine = lines[i].contains("-->") ? i : i + 1; // an identifier (SRT: the cue number) may come first
            if (timingLine >= lines.length || !lines[timingLine].contains("-->")) {
                throw new BadCaptions(timingLine + 1, "expected a cue timing like 00:00:01.000 --> 00:00:02.500");
            }
            Matcher m = TIMING.matcher(lines[timingLine]);
            if (!m.matches()) {
                throw new BadCaptions(timingLine + 1, "unreadable cue timing: " + lines[timingLine].strip());
            }
            long start = millis(m.group(1), timingLine + 1, format);
            long end = millis(m.group(2), timingLine + 1, format);
            if (end <= start) {
                throw new BadCaptions(timingLine + 1, "the cue ends before it starts");
            }
            if (!cues.isEmpty() && start < cues.get(cues.size() - 1).startMillis()) {
                throw new BadCaptions(timingLine + 1, "the cue starts before the one before it");
            }
            int end2 = skipBlock(lines, timingLine);
            String text = String.join("\n", java.util.Arrays.asList(lines).subList(timingLine + 1, end2)).strip();
            if (text.contains("-->")) {
                throw new BadCaptions(timingLine + 2, "a cue's text may not contain -->");
            }
            cues.add(new Cue(start, end, text));
            i = end2;
        }
        if (cues.isEmpty()) {
            throw new BadCaptions(0, "the file has no cue");
        }
        return List.copyOf(cues);
    }

    /** The index of the blank line (or the end) that closes the block starting at {@code from}. */
    private static int skipBlock(String[] lines, int from) {
        int i = from;
        while (i < lines.length && !lines[i].isBlank()) {
            i++;
        }
        return i;
    }

    private static long millis(String text, int line, Format format) throws BadCaptions {
        Matcher m = TIME.matcher(text);
        boolean separatorFits = format == Format.SRT ? text.contains(",") : text.contains(".");
        if (!m.matches() || !separatorFits) {
            throw new BadCaptions(line, "unreadable time " + text + (format == Format.SRT
                    ? " (SRT writes 00:00:01,000)" : " (WebVTT writes 00:00:01.000)"));
        }
        long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        return ((hours * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3))) * 1000
                + Long.parseLong(m.group(4));
    }

    private static String utf8(byte[] body) throws BadCaptions {
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (result.isError()) {
            // the decoder stops at the first bad byte: count the lines before it
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += body[i] == '\n' ? 1 : 0;
            }
            throw new BadCaptions(line, "the text is not UTF-8; save it as UTF-8 and upload again");
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
