package io.aether.store;

import java.util.ArrayList;
import java.util.List;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;

/** A video's objects in the object store: its source under {@code raw/{id}/} and its ladder under {@code processed/{id}/}. */
public final class VideoObjects {
    private final MinioClient minio;
    private final String rawBucket;
    private final String processedBucket;

    public VideoObjects(MinioClient minio, String rawBucket, String processedBucket) {
        this.minio = minio;
        this.rawBucket = rawBucket;
        this.processedBucket = processedBucket;
    }

    /** Removes every object under the id in both buckets; returns how many there were. */
    public int removeAll(String videoId) throws Exception {
        return remove(rawBucket, videoId) + remove(processedBucket, videoId);
    }

    /** Removes the source alone, once the ladder is made and the source is not to be kept. */
    public void removeRaw(String rawKey) throws Exception {
        minio.removeObject(RemoveObjectArgs.builder().bucket(rawBucket).object(rawKey).build());
    }

    private int remove(String bucket, String videoId) throws Exception {
        List<DeleteObject> names = new ArrayList<>();
        // the slash keeps one id from matching another that begins with it
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(videoId + "/")
                .recursive(true).build())) {
            names.add(new DeleteObject(item.get().objectName()));
        }
        if (names.isEmpty()) {
            return 0;
        }
        // the removal happens as its answer is read; each error is a name that could not go
        for (Result<DeleteError> error : minio.removeObjects(RemoveObjectsArgs.builder().bucket(bucket).objects(names)
                .build())) {
            DeleteError e = error.get();
            throw new IllegalStateException("could not remove " + bucket + "/" + e.objectName() + ": " + e.message());
        }
        return names.size();
    }
}
