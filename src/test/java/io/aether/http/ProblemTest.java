package io.aether.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProblemTest {
    @Test
    void aProblemNamesItsTypeTitleStatusAndDetailAndKeepsTheOldErrorMember() {
        Map<String, Object> body = Problem.of(413, "upload exceeds the maximum size of 10 bytes");
        assertEquals(List.of("type", "title", "status", "detail", "error"), List.copyOf(body.keySet()));
        assertEquals("https://aether.dev/problems/content-too-large", body.get("type"));
        assertEquals("Content Too Large", body.get("title"));
        assertEquals(413, body.get("status"));
        assertEquals(body.get("detail"), body.get("error"));
    }

    @Test
    void statusesWithoutATitleOfTheirOwnGetTheirClasssTitle() {
        assertEquals("https://aether.dev/problems/checksum-mismatch", Problem.of(460, "x").get("type"));
        assertEquals("Client Error", Problem.of(418, "x").get("title"));
        assertEquals("https://aether.dev/problems/server-error", Problem.of(599, "x").get("type"));
    }
}
