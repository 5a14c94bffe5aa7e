package io.aether.captions;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * BCP 47 language tags by their shape (RFC 5646 section 2.1): language, then optional extlang,
 * script, region, variants, extensions and private use. Whether a subtag is registered is not
 * checked; the shape is enough to keep a tag safe in an object name and a playlist attribute.
 */
public final class LanguageTag {
    private static final int MAX_LENGTH = 35;
    private static final Pattern SHAPE = Pattern.compile(
            "(?i)([a-z]{2,3}(-[a-z]{3}){0,3}|[a-z]{4,8})"
                    + "(-[a-z]{4})?"
                    + "(-([a-z]{2}|[0-9]{3}))?"
                    + "(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
                    + "(-[0-9a-wy-z](-[a-z0-9]{2,8})+)*"
                    + "(-x(-[a-z0-9]{1,8})+)?");

    private LanguageTag() {
    }

    /**
     * The tag in its conventional case (en-US, zh-Hant-TW), so that one language has one name
     * whatever case it was sent in; null when it does not have the shape of a tag.
     */
    public static String canonical(String tag) {
        if (tag == null || tag.length() > MAX_LENGTH || !SHAPE.matcher(tag).matches()) {
            return null;
        }
        String[] subtags = tag.toLowerCase(Locale.ROOT).split("-");
        StringBuilder out = new StringBuilder(subtags[0]);
        boolean afterSingleton = false;
        for (int i = 1; i < subtags.length; i++) {
            String s = subtags[i];
            afterSingleton |= s.length() == 1;
            if (!afterSingleton && s.length() == 2) {
                s = s.toUpperCase(Locale.ROOT);
            } else if (!afterSingleton && s.length() == 4 && Character.isLetter(s.charAt(0))) {
                s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
            }
            out.append('-').append(s);
        }
        return out.toString();
    }

    /** A name a viewer can pick from a menu, in English ("English (United States)"), or the tag itself. */
    public static String label(String tag) {
        String name = Locale.forLanguageTag(tag).getDisplayName(Locale.ENGLISH);
        return name.isBlank() ? tag : name;
    }
}
