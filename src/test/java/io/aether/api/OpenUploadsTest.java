package io.aether.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.aether.it.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The listing and aborting the multipart sweep does, against the real stores, MinIO and versitygw. */
class OpenUploadsTest {
    @ParameterizedTest
    @EnumSource(TestStores.class)
    void anOpenUploadIsListedWithItsStartAndAbortedOnce(TestStores store) throws Exception {
        OpenUploads uploads = new OpenUploads(store.minioAsync());
        String key = "open-uploads-test/" + UUID.randomUUID() + "/source";
        Instant before = Instant.now().minusSeconds(5);
        String uploadId = store.openUpload("raw", key);
        List<OpenUploads.Upload> found = uploads.list("raw", 10_000).stream().filter(u -> u.key().equals(key)).toList();
        assertEquals(1, found.size(), found.toString());
        assertEquals(uploadId, found.get(0).uploadId());
        Instant initiated = found.get(0).initiated();
        assertTrue(initiated.isAfter(before) && initiated.isBefore(Instant.now().plus(Duration.ofSeconds(5))),
                "begun at " + initiated);

        uploads.abort("raw", found.get(0));
        assertFalse(store.openUploads("raw").contains(uploadId));
        // another replica's sweep got there first: versitygw answers 404 NoSuchUpload, MinIO 204
        uploads.abort("raw", found.get(0));
    }
}
