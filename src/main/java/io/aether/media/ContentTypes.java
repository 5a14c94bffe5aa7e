package io.aether.media;

/** Content types of the files an HLS ladder is made of, and of the images and WebVTT beside it. */
public final class ContentTypes {
    private ContentTypes() {
    }

    public static String of(String fileName) {
        if (fileName.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        if (fileName.endsWith(".ts")) {
            return "video/mp2t";
        }
        if (fileName.endsWith(".jpg")) {
            return "image/jpeg";
        }
        if (fileName.endsWith(".webp")) {
            return "image/webp";
        }
        if (fileName.endsWith(".vtt")) {
            return "text/vtt; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
