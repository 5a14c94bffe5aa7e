package io.aether.tus;

import static io.aether.tus.TusRulesTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.aether.errors.InvalidRequest;
import org.junit.jupiter.api.Test;

class UploadMetadataTest {

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theLadderIsPerTitleOrFixedOrLeftToTheDeployment() {
        String fixed = java.util.Base64.getEncoder().encodeToString("fixed".getBytes());
        String bad = java.util.Base64.getEncoder().encodeToString("best".getBytes());
        org.junit.jupiter.api.Assertions.assertEquals("fixed", UploadMetadata.parse("ladder " + fixed).ladder());
        org.junit.jupiter.api.Assertions.assertNull(UploadMetadata.parse("").ladder());
        org.junit.jupiter.api.Assertions.assertThrows(io.aether.errors.InvalidRequest.class,
                () -> UploadMetadata.parse("ladder " + bad).ladder());
    }

    @Test
    void pairsAreDecodedAndKeysWithoutValuesAreEmpty() {
        UploadMetadata m = UploadMetadata.parse("filename " + b64("clip.mp4") + ",filetype " + b64("video/mp4")
                + ",is_confidential");
        assertEquals(Map.of("filename", "clip.mp4", "filetype", "video/mp4", "is_confidential", ""), m.values());
        assertEquals("clip.mp4", m.filename());
        assertEquals("video/mp4", m.filetype());
    }

    @Test
    void theFileNameIsALabelNeverAPath() {
        assertEquals("passwd", UploadMetadata.parse("filename " + b64("../../etc/passwd")).filename());
        assertEquals("clip.mp4", UploadMetadata.parse("filename " + b64("C:\\Users\\me\\clip.mp4")).filename());
        assertEquals("ab.mp4", UploadMetadata.parse("filename " + b64("a\u0000b.mp4")).filename());
        assertEquals("", UploadMetadata.parse("filename " + b64("..")).filename());
        assertEquals("vidéo 🎬.mp4", UploadMetadata.parse("filename " + b64("vidéo 🎬.mp4")).filename());
    }

    @Test
    void missingMetadataMeansNoNameAndAGenericType() {
        UploadMetadata m = UploadMetadata.parse(null);
        assertTrue(m.values().isEmpty());
        assertEquals("", m.filename());
        assertEquals("application/octet-stream", m.filetype());
        assertEquals("", m.header());
    }

    @Test
    void malformedHeadersAreRefused() {
        assertRefused(InvalidRequest.class, () -> UploadMetadata.parse("filename not-base64!"));
        assertRefused(InvalidRequest.class, () -> UploadMetadata.parse("filename " + b64("a") + " extra"));
        assertRefused(InvalidRequest.class, () -> UploadMetadata.parse("filename " + b64("a") + ",filename " + b64("b")), "repeated key");
        assertRefused(InvalidRequest.class, () -> UploadMetadata.parse("filename " + b64("a") + ",,"), "empty pair");
        assertRefused(InvalidRequest.class, () -> UploadMetadata.parse("file\u00e9name " + b64("a")), "non-ASCII key");
        assertRefused(InvalidRequest.class, () -> UploadMetadata.parse("filename "
                + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe})), "not UTF-8");
        assertRefused(InvalidRequest.class, () -> UploadMetadata.parse("filename " + b64("x".repeat(4000))), "too long");
    }
}
