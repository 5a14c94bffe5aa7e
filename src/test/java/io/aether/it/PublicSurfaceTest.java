package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a replica shows of itself: no secret in its log, no host internals on its public endpoints. */
class PublicSurfaceTest {
    private static final int DB = 12;
    private static AppProcess app;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        app = AppProcess.start("all", DB, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theMinioSecretIsNowhereInTheLog() throws Exception {
        // the property summary is logged once the routes have started, before the replica is healthy
        String log = Files.readString(app.log());
        assertTrue(log.contains("Property-placeholders summary") || log.contains("Started"), log);
        assertFalse(log.contains(Services.env("AETHER_MINIO_SECRET_KEY")), "the MinIO secret key is in the log");
    }

    @Test
    void infoNamesTheApplicationButNotTheHost() throws Exception {
        Api.Reply info = new Api(app.url()).get("/observe/info");
        assertEquals(200, info.status(), info.text());
        assertEquals("aether", info.json().path("name").asText(), info.text());
        String pid = Long.toString(app.pid());
        for (String internal : new String[] {System.getProperty("user.name"), System.getProperty("user.home"),
            System.getProperty("user.dir"), pid}) {
            assertFalse(info.text().contains(internal), "/observe/info shows " + internal + ": " + info.text());
        }
    }
}
