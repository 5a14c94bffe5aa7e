package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.aether.Json;
import org.junit.jupiter.api.Test;

/** A rung as the chunk plan in Redis keeps it: every chunk job reads the same encoding back. */
class RenditionTest {

    @Test
    void aCappedCrfRungRoundTripsThroughJson() {
        Rendition rung = new LadderPlanner().plan(1920, 1080).get(0).cappedCrf(24.5, 94, 8000, 12000, true);
        Rendition back = Json.read(Json.write(rung), Rendition.class);
        assertEquals(rung, back);
        assertEquals(Encoding.cappedCrf(24.5, 94, 8000, true), back.encoding());
    }

    @Test
    void aPlanSavedBeforePerTitleLaddersReadsAsAbr() {
        Rendition old = Json.read("{\"name\":\"720p\",\"width\":1280,\"height\":720,\"videoKbps\":2800,"
                + "\"maxrateKbps\":2996,\"bufsizeKbps\":4200,\"audioKbps\":128}", Rendition.class);
        assertNull(old.encoding());
        assertEquals(Encoding.abr(2996), old.encodingOrAbr());
    }
}
