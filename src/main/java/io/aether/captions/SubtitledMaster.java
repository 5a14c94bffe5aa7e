package io.aether.captions;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A master playlist with its subtitles group set to a list of languages: whatever group it had is
 * replaced, so the same master can be rewritten as languages come and go. With no language, the
 * master has no group and no variant names one (a group must have a member).
 */
public final class SubtitledMaster {
    private static final Pattern ATTRIBUTE = Pattern.compile(",SUBTITLES=\"[^\"]*\"");

    private SubtitledMaster() {
    }

    public static String of(String master, List<Track> tracks) {
        StringBuilder out = new StringBuilder();
        boolean grouped = false;
        for (String line : master.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA:") && line.contains("TYPE=SUBTITLES")) {
                continue;
            }
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                if (!grouped) {
                    group(out, tracks);
                    grouped = true;
                }
                line = ATTRIBUTE.matcher(line).replaceAll("");
                if (!tracks.isEmpty()) {
                    line = line + ",SUBTITLES=\"" + Track.GROUP + "\"";
                }
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static void group(StringBuilder out, List<Track> tracks) {
        for (Track t : tracks) {
            out.append("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"").append(Track.GROUP).append("\",NAME=\"")
                    .append(t.name().replace("\"", "'")).append("\",LANGUAGE=\"").append(t.lang())
                    .append("\",DEFAULT=NO,AUTOSELECT=YES,URI=\"").append(t.playlist()).append("\"\n");
        }
    }
}
