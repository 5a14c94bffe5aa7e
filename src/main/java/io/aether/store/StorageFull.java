package io.aether.store;

import io.minio.errors.ErrorResponseException;
import org.apache.camel.Exchange;

/**
 * Whether a request failed because the object store's disk is full: MinIO answers 507 with the code
 * XMinioStorageFull, to a part (through {@link S3Parts}) or to any call of the MinIO client. The
 * client should hear that (507), not "internal error".
 */
public final class StorageFull {
    public static final String CODE = "XMinioStorageFull";

    private StorageFull() {
    }

    /** For routes/api/errors.yaml: the exception the exchange caught, or any of its causes. */
    public static boolean in(Exchange exchange) {
        return in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof S3Parts.StoreException refused && (refused.status() == 507 || CODE.equals(refused.code()))) {
                return true;
            }
            if (t instanceof ErrorResponseException minio && minio.errorResponse() != null
                    && CODE.equals(minio.errorResponse().code())) {
                return true;
            }
        }
        return false;
    }
}
