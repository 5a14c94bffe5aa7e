package io.aether.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AttachmentTest {
    @Test
    void theUploadedNameGivesTheStemWithoutItsExtension() {
        assertEquals("attachment; filename=\"My_clip_final_-highest.mp4\"; filename*=UTF-8''My_clip_final_-highest.mp4",
                Attachment.disposition("My clip (final).mov", "-highest.mp4"));
    }

    @Test
    void aPathOrHeaderTrickIsOnlyEverAName() {
        assertEquals("passwd", Attachment.stem("../../etc/passwd"));
        assertEquals("evil", Attachment.stem("C:\\temp\\evil.exe"));
        assertEquals("a_b", Attachment.stem("a\"\r\nb.mp4"));
        assertEquals("hidden", Attachment.stem(".hidden.mp4"));
        assertEquals("caf_", Attachment.stem("café.mp4"));
    }

    @Test
    void nothingUsableLeftIsVideo() {
        assertEquals("video", Attachment.stem(null));
        assertEquals("video", Attachment.stem(".."));
        assertEquals("video", Attachment.stem("日本.mp4"));
        assertEquals(100, Attachment.stem("x".repeat(300)).length());
    }
}
