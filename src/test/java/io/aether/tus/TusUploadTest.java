package io.aether.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import io.aether.tus.TusUpload.Phase;
import org.junit.jupiter.api.Test;

class TusUploadTest {

    static TusUpload upload(Phase phase, long offset, long partsBytes, long expires) {
        return new TusUpload("0b0c2a52-6f43-4b8b-9a1d-2f0d1b1f3c4e", phase, 100, offset, partsBytes, 8, "s3id",
                "0b0c2a52-6f43-4b8b-9a1d-2f0d1b1f3c4e/source", "filename Y2xpcC5tcDQ=", "clip.mp4", "video/mp4", expires, "acme");
    }

    @Test
    void theRedisHashRoundTrips() {
        TusUpload upload = upload(Phase.UPLOADING, 21, 16, 5000);
        Map<String, String> hash = new HashMap<>(upload.fields());
        hash.put("nextPart", "3"); // written by HINCRBY, not part of the record
        assertEquals(upload, TusUpload.from(hash));
        assertEquals("uploading", hash.get("state"));
        assertEquals(5, upload.tailLength());
    }

    @Test
    void onlyUnfinishedUploadsExpireAndExpiredOnesStayExpired() {
        assertTrue(upload(Phase.UPLOADING, 0, 0, 1000).expired(1000));
        assertFalse(upload(Phase.UPLOADING, 0, 0, 1000).expired(999));
        assertFalse(upload(Phase.COMPLETED, 100, 100, 1000).expired(5000), "a finished upload does not expire");
        assertTrue(upload(Phase.EXPIRED, 0, 0, 1000).expired(0));
    }

    @Test
    void allBytesArrivedFromFinishingOn() {
        assertFalse(upload(Phase.UPLOADING, 99, 96, 0).complete());
        assertTrue(upload(Phase.FINISHING, 100, 100, 0).complete());
        assertTrue(upload(Phase.HANDOFF, 100, 100, 0).complete());
        assertTrue(upload(Phase.COMPLETED, 100, 100, 0).complete());
        assertFalse(upload(Phase.EXPIRED, 0, 0, 0).complete());
    }
}
