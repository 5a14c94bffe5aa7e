package io.aether.tus;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import io.aether.api.ApiException;

/**
 * Cuts a PATCH body into object-store parts of exactly one part size. The bytes that do not fill a
 * part yet (the tail) come in from the previous PATCH and go out to the next one, so memory holds
 * at most one part whatever the size of the file or of the PATCH.
 *
 * <p>Without a checksum every full part is committed as soon as it is stored, and on a broken
 * connection the bytes that did arrive are committed too: what the server has is what it reports.
 * With a checksum nothing is committed until the whole body matched it, so a mismatch leaves the
 * upload exactly as it was (parts stored meanwhile are simply never listed).
 */
public final class PartWriter {

    /** Where the parts go; the real one is the object store plus the upload's Redis record. */
    public interface Parts {
        /** Stores buffer[0..length) as a new part and returns its "number:etag". */
        String upload(byte[] buffer, int length) throws IOException;

        /** Durably adds the parts, replaces the tail and moves the offset, if it still is {@code from}. */
        void commit(List<String> parts, byte[] tail, int tailLength, long from, long to) throws IOException;
    }

    private final int partSize;

    public PartWriter(long partSize) {
        if (partSize < 1 || partSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("part size out of range: " + partSize);
        }
        this.partSize = (int) partSize;
    }

    /**
     * Writes the body at {@code offset} and returns the new offset.
     *
     * @param tail the stored bytes after the last part, fewer than one part
     * @param expectedSha1 the Upload-Checksum digest, or null
     */
    public long write(InputStream body, long offset, long length, byte[] tail, byte[] expectedSha1, Parts parts)
            throws IOException {
        if (tail.length >= partSize) {
            throw new IllegalStateException("a tail of " + tail.length + " bytes should have been a part");
        }
        byte[] buffer = new byte[partSize];
        System.arraycopy(tail, 0, buffer, 0, tail.length);
        int fill = tail.length;
        MessageDigest sha1 = expectedSha1 == null ? null : sha1();
        boolean commitAsWeGo = sha1 == null;
        List<String> staged = new ArrayList<>();
        long committed = offset;
        long received = 0;
        while (true) {
            int n;
            try {
                n = body.read(buffer, fill, partSize - fill);
            } catch (IOException broken) {
                if (commitAsWeGo && offset + received == length) {
                    break; // every byte arrived before the connection broke: finish the upload
                }
                if (commitAsWeGo && offset + received > committed) {
                    parts.commit(staged, buffer, fill, committed, offset + received);
                }
                throw broken;
            }
            if (n < 0) {
                break;
            }
            received += n;
            if (received > length - offset) {
                throw new ApiException(413, "the body runs past Upload-Length " + length);
            }
            if (sha1 != null) {
                sha1.update(buffer, fill, n);
            }
            fill += n;
            if (fill == partSize) {
                staged.add(parts.upload(buffer, fill));
                fill = 0;
                if (commitAsWeGo) {
                    parts.commit(staged, buffer, 0, committed, offset + received);
                    committed = offset + received;
                    staged.clear();
                }
            }
        }
        if (sha1 != null && !MessageDigest.isEqual(sha1.digest(), expectedSha1)) {
            throw new ApiException(460, "the body does not match Upload-Checksum; nothing of it was kept");
        }
        long end = offset + received;
        if (end == length && fill > 0) {
            // the last part may be smaller than the minimum
            staged.add(parts.upload(buffer, fill));
            fill = 0;
        }
        if (end > committed || !staged.isEmpty()) {
            parts.commit(staged, buffer, fill, committed, end);
        }
        return end;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
