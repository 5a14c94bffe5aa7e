package io.aether.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.aether.errors.InvalidRequest;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
    private static final String TYPE = "multipart/form-data; boundary=b";

    private static MultipartForm form(String body) throws Exception {
        return new MultipartForm(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), TYPE).keep("ladder");
    }

    private static String field(String name, String value) {
        return "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static final String FILE = "--b\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\n"
            + "Content-Type: video/mp4\r\n\r\nDATA\r\n";

    @Test
    void keepsAnOptionBeforeOrAfterTheFile() throws Exception {
        MultipartForm before = form(field("title", "x") + field("ladder", "fixed") + FILE + "--b--\r\n");
        MultipartForm.Part file = before.next("video").orElseThrow();
        assertEquals("DATA", new String(file.body().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(Optional.of("fixed"), before.value("ladder"));
        assertEquals(Optional.empty(), before.value("title"), "only the fields asked for are kept");

        MultipartForm after = form(FILE + field("ladder", "per-title") + "--b--\r\n");
        after.next("video").orElseThrow().body().readAllBytes();
        assertEquals(Optional.empty(), after.value("ladder"));
        after.finish("video");
        assertEquals(Optional.of("per-title"), after.value("ladder"));
    }

    @Test
    void refusesAnOptionTwiceOrTooLong() throws Exception {
        MultipartForm twice = form(field("ladder", "fixed") + field("ladder", "fixed") + FILE + "--b--\r\n");
        assertThrows(InvalidRequest.class, () -> twice.next("video"));
        MultipartForm longOne = form(field("ladder", "x".repeat(300)) + FILE + "--b--\r\n");
        assertThrows(InvalidRequest.class, () -> longOne.next("video"));
    }
}
