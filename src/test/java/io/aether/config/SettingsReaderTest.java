package io.aether.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {
    /** The reader over the shipped application.properties, with some of them replaced. */
    private static SettingsReader reader(Properties overrides) throws Exception {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            shipped.load(in);
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(shipped);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        return new SettingsReader(context);
    }

    @Test
    void everyRecordReadsFromTheShippedDefaults() throws Exception {
        SettingsReader reader = reader(new Properties());
        var settings = reader.settings();
        reader.timeouts();
        reader.tus(settings);
        reader.limits();
        reader.webhooks();
        reader.access();
        reader.http();
        var ladder = reader.ladder();
        assertEquals("per-title", ladder.ladder());
        assertEquals(java.util.List.of(94.0, 88.0, 80.0), ladder.targets());
        assertEquals(java.util.List.of(8000, 4500, 2000), ladder.capsKbps());
        assertEquals(java.util.List.of(22.0, 30.0, 38.0), ladder.sampling().crfs());
        assertEquals(5, ladder.sampling().samples());
        assertEquals(40.0, ladder.maxCrf());
        assertEquals(1.0, ladder.minGainPerMbps());
        assertEquals("transcode", reader.queue());
        assertEquals(8L * 1024 * 1024, reader.uploads().partSize());
    }

    @Test
    void aSettingThatIsNotANumberStopsTheStartWithItsName() throws Exception {
        Properties wrong = new Properties();
        wrong.put("aether.tus.lock-ms", "soon");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reader(wrong).tus(reader(new Properties()).settings()));
        assertEquals("aether.tus.lock-ms must be a number, not 'soon'", e.getMessage());
    }

    @Test
    void aMissingSettingStopsTheStartWithItsName() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reader(new Properties()).number("aether.no-such-setting"));
        assertEquals("aether.no-such-setting is not set", e.getMessage());
    }
}
