package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;

import io.minio.errors.ErrorResponseException;
import io.minio.messages.ErrorResponse;
import org.junit.jupiter.api.Test;

/** A full disk is told apart from other refusals, however deep in the causes it lies. */
class StorageFullTest {
    @Test
    void aPartRefusedForAFullDiskIsStorageFull() {
        S3Parts.StoreException full = new S3Parts.StoreException(507, "XMinioStorageFull", "part 94 of x/source");
        assertTrue(StorageFull.in(full));
        assertTrue(StorageFull.in(new CompletionException(new UncheckedIOException(full))));
    }

    @Test
    void aMinioClientCallRefusedForAFullDiskIsStorageFull() {
        assertTrue(StorageFull.in(minio("XMinioStorageFull")));
        assertTrue(StorageFull.in(new IllegalStateException(minio("XMinioStorageFull"))));
    }

    @Test
    void versitygwsCodeForAFullDiskIsStorageFull() {
        // versitygw (s3err.ErrNoSpaceLeftOnDevice): 507 InsufficientStorage, also to CompleteMultipartUpload
        assertTrue(StorageFull.in(new IllegalStateException(minio("InsufficientStorage"))));
        assertTrue(StorageFull.in(new S3Parts.StoreException(507, "InsufficientStorage", "part 2 of x/source")));
    }

    @Test
    void any507IsStorageFull() {
        assertTrue(StorageFull.in(minio("SomeOtherName")));
    }

    @Test
    void otherRefusalsAreNot() {
        assertFalse(StorageFull.in(new S3Parts.StoreException(403, "SignatureDoesNotMatch", "part 1 of x")));
        assertFalse(StorageFull.in(new S3Parts.StoreException(500, "InternalError", "part 1 of x")));
        assertFalse(StorageFull.in(minio("NoSuchKey", 404)));
        assertFalse(StorageFull.in(new IOException("connection reset")));
        assertFalse(StorageFull.in((Throwable) null));
    }

    private static ErrorResponseException minio(String code) {
        return minio(code, 507);
    }

    private static ErrorResponseException minio(String code, int status) {
        okhttp3.Response response = new okhttp3.Response.Builder()
                .request(new okhttp3.Request.Builder().url("http://127.0.0.1:9000/raw/x/source").build())
                .protocol(okhttp3.Protocol.HTTP_1_1).code(status).message("status").build();
        return new ErrorResponseException(new ErrorResponse(code, "message", "raw", "x/source", "/raw/x/source",
                "request", "host"), response, "");
    }
}
