package io.aether.store;

import java.util.Set;

import io.minio.errors.ErrorResponseException;
import org.apache.camel.Exchange;

/**
 * Whether a request failed because the object store's disk is full: the store answers 507, MinIO
 * with the code XMinioStorageFull, versitygw with InsufficientStorage, to a part (through
 * {@link S3Parts}) or to any call of the MinIO client. The client should hear that (507), not
 * "internal error". versitygw also answers it to CompleteMultipartUpload, which copies the parts
 * into a new file: a disk that took every part can still be too full for the object.
 */
public final class StorageFull {
    private static final Set<String> CODES = Set.of("XMinioStorageFull", "InsufficientStorage");
    private static final int INSUFFICIENT_STORAGE = 507;

    private StorageFull() {
    }

    /** For routes/api/errors.yaml: the exception the exchange caught, or any of its causes. */
    public static boolean in(Exchange exchange) {
        return in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof S3Parts.StoreException refused
                    && (refused.status() == INSUFFICIENT_STORAGE || CODES.contains(refused.code()))) {
                return true;
            }
            if (t instanceof ErrorResponseException minio && (minio.response() != null
                    && minio.response().code() == INSUFFICIENT_STORAGE
                    || minio.errorResponse() != null && CODES.contains(minio.errorResponse().code()))) {
                return true;
            }
        }
        return false;
    }
}
