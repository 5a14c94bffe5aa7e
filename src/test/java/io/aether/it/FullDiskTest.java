package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import io.aether.tus.TusClient;
import io.minio.ListObjectsArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose disk fills up under an upload answers 507 and keeps nothing of it. versitygw (on a
 * small tmpfs) assembles a multipart upload's object in a file of its own, so a disk that took
 * every part can still refuse the object: it answers CompleteMultipartUpload 507 InsufficientStorage.
 */
class FullDiskTest {
    private static final int DB = 2;

    @TempDir
    Path dir;

    @Test
    void anUploadTheDiskCannotHoldIs507() throws Exception {
        Services.freshRedis(DB).close();
        Path clip = Clips.noisy(dir, "noisy.mp4", 2);
        // room for the parts, not for the object they make as well
        int mib = (int) (Files.size(clip) * 3 / 2 / (1024 * 1024)) + 1;
        try (SmallVersitygw small = SmallVersitygw.start(mib);
                AppProcess full = AppProcess.start("api", DB, small.appEnv())) {
            Api.Reply reply = new Api(full.url()).upload(clip, "video", "video/mp4");
            assertEquals(507, reply.status(), reply.text());
            assertTrue(reply.json().path("error").asText().contains("storage is full"), reply.text());
            assertFalse(small.client().listObjects(ListObjectsArgs.builder().bucket("raw").recursive(true).build())
                    .iterator().hasNext(), "an object was kept");
            assertEquals(Set.of(), small.openUploads("raw"), "the multipart upload is aborted");
            assertEquals(0, new Api(full.url()).get("/api/v1/videos").json().path("total").asLong(), "no record");

            // tus keeps what it took: the object is made when a later request (or the sweep) tries again
            TusClient tus = new TusClient(full.url());
            byte[] data = Files.readAllBytes(clip);
            String url = tus.create(data.length, "");
            int half = data.length / 2;
            assertEquals(204, tus.patch(url, 0, Arrays.copyOf(data, half)).status());
            TusClient.Reply last = tus.patch(url, half, Arrays.copyOfRange(data, half, data.length));
            assertEquals(507, last.status(), last.toString());
            assertTrue(last.body().contains("storage is full"), last.toString());
            assertEquals(data.length, tus.head(url).offset());
        }
    }
}
