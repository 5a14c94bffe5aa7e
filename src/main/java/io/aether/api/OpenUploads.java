package io.aether.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.Multimap;
import io.aether.store.ObjectCalls;
import io.minio.MinioAsyncClient;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import okhttp3.Headers;
import okhttp3.Response;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A bucket's unfinished multipart uploads. minio-java 8.6 cannot read MinIO's ListMultipartUploads
 * answer (it requires a StorageClass, which MinIO leaves empty), so the listing is the client's own
 * signed request, read here.
 */
public final class OpenUploads extends MinioAsyncClient {
    private static final int PAGE = 1000;

    public record Upload(String key, String uploadId, Instant initiated) {
    }

    public OpenUploads(MinioAsyncClient client) {
        super(client);
    }

    /** The bucket's open multipart uploads, at most {@code limit}, oldest keys first as S3 sorts them. */
    public List<Upload> list(String bucket, int limit) throws IOException {
        List<Upload> uploads = new ArrayList<>();
        String keyMarker = "";
        String uploadIdMarker = "";
        while (uploads.size() < limit) {
            Multimap<String, String> query = ArrayListMultimap.create();
            query.put("uploads", "");
            query.put("max-uploads", Integer.toString(Math.min(PAGE, limit - uploads.size())));
            if (!keyMarker.isEmpty()) {
                query.put("key-marker", keyMarker);
                query.put("upload-id-marker", uploadIdMarker);
            }
            Document page = ObjectCalls.join(call(() -> getRegionAsync(bucket, null)).thenCompose(region -> get(bucket, region, query)));
            NodeList found = page.getElementsByTagName("Upload");
            for (int i = 0; i < found.getLength(); i++) {
                Element upload = (Element) found.item(i);
                uploads.add(new Upload(text(upload, "Key"), text(upload, "UploadId"),
                        Instant.parse(text(upload, "Initiated"))));
            }
            keyMarker = text(page.getDocumentElement(), "NextKeyMarker");
            uploadIdMarker = text(page.getDocumentElement(), "NextUploadIdMarker");
            if (!"true".equals(text(page.getDocumentElement(), "IsTruncated")) || keyMarker.isEmpty()) {
                break;
            }
        }
        return uploads;
    }

    /**
     * Drops the upload and its parts; one already gone (another replica's sweep, a tus upload that just
     * finished) is fine. MinIO answers such an abort 204, versitygw 404 NoSuchUpload.
     */
    public void abort(String bucket, Upload upload) throws IOException {
        try {
            ObjectCalls.join(call(() -> abortMultipartUploadAsync(bucket, null, upload.key(), upload.uploadId(), null, null)));
        } catch (IOException e) {
            if (!(e.getCause() instanceof ErrorResponseException error && error.errorResponse() != null
                    && "NoSuchUpload".equals(error.errorResponse().code()))) {
                throw e;
            }
        }
    }

    private CompletableFuture<Document> get(String bucket, String region, Multimap<String, String> query) {
        return call(() -> executeAsync(Method.GET, bucket, null, region, Headers.of(), query, null, 0))
                .thenApply(OpenUploads::parse);
    }

    private static Document parse(Response response) {
        try (response; InputStream body = response.body().byteStream()) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(body);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** The first direct child element's text, or "". */
    private static String text(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && name.equals(child.getTagName())) {
                return child.getTextContent().trim();
            }
        }
        return "";
    }

    private interface Start<T> {
        CompletableFuture<T> start() throws Exception;
    }

    private static <T> CompletableFuture<T> call(Start<T> start) {
        try {
            return start.start();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
