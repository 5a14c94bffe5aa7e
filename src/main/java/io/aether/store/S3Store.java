package io.aether.store;

import java.net.URI;

import io.minio.credentials.Credentials;
import io.minio.credentials.Provider;

/**
 * Where the object store is and how to talk to it, shared by the part sender and the MinIO client so
 * that both sign for the same region with the same credentials and address buckets the same way.
 *
 * @param url the endpoint, e.g. http://127.0.0.1:9000 or https://s3.eu-west-1.amazonaws.com
 * @param region enters every signature's scope; it must be the store's (MinIO and most others: us-east-1)
 * @param credentials static keys, the environment's or web identity's; asked before every request and
 *        free to refresh what expires
 * @param pathStyle buckets in the path (http://host/bucket/key) rather than the host (http://bucket.host/key)
 */
public record S3Store(String url, String region, Provider credentials, boolean pathStyle) {

    public S3Store {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("the object store's region is not set");
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("the object store's URL must be http(s)://host[:port]: " + url);
        }
    }

    /** Current credentials; a provider that must ask a token service does so here, when they are due. */
    public Credentials current() {
        Credentials now = credentials.fetch();
        if (now == null || now.accessKey() == null || now.secretKey() == null) {
            throw new IllegalStateException("no object store credentials (see docs/storage.md)");
        }
        return now;
    }
}
