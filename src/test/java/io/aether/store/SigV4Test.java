package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** AWS's published SigV4 examples: the test suite's get-vanilla and the S3 documentation's examples. */
class SigV4Test {
    private static final String SUITE_KEY = "AKIDEXAMPLE";
    private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String S3_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void signsTheTestSuitesGetVanilla() {
        SigV4 signer = new SigV4(SUITE_KEY, SUITE_SECRET, "us-east-1", "service");
        String auth = signer.authorization("GET", "/", Map.of(),
                Map.of("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"), SigV4.EMPTY_PAYLOAD);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date,"
                + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", auth);
    }

    @Test
    void signsTheS3GetObjectExample() {
        SigV4 signer = new SigV4(S3_KEY, S3_SECRET, "us-east-1", "s3");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");
        headers.put("x-amz-content-sha256", SigV4.EMPTY_PAYLOAD);
        headers.put("x-amz-date", "20130524T000000Z");
        String auth = signer.authorization("GET", "/test.txt", Map.of(), headers, SigV4.EMPTY_PAYLOAD);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", auth);
    }

    @Test
    void signsTheS3ListObjectsExampleWithItsQuery() {
        SigV4 signer = new SigV4(S3_KEY, S3_SECRET, "us-east-1", "s3");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "examplebucket.s3.amazonaws.com");
        headers.put("x-amz-content-sha256", SigV4.EMPTY_PAYLOAD);
        headers.put("x-amz-date", "20130524T000000Z");
        String auth = signer.authorization("GET", "/", Map.of("max-keys", "2", "prefix", "J"), headers,
                SigV4.EMPTY_PAYLOAD);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                + " Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", auth);
    }

    @Test
    void encodesAsS3Expects() {
        assertEquals("/test%24file.text", SigV4.encode("/test$file.text", true));
        assertEquals("a%2Fb%20c~d", SigV4.encode("a/b c~d", false));
        assertEquals("partNumber=2&uploadId=x%2By%3D", SigV4.canonicalQuery(Map.of("uploadId", "x+y=", "partNumber", "2")));
    }
}
