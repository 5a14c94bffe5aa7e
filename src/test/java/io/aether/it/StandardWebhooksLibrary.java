package io.aether.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;

/**
 * The Standard Webhooks specification's own Python library ({@code standardwebhooks} from PyPI,
 * pinned in src/test/python/requirements.txt) verifying requests a receiver got, through
 * src/test/python/verify_webhooks.py. It is installed on first use into a virtual environment in
 * .run/pyenv, beside the services' state and outside git.
 */
final class StandardWebhooksLibrary {
    private static final Path SCRIPTS = Path.of("src", "test", "python");
    private static final Path ENV = Path.of(".run", "pyenv");
    private static final Object INSTALL = new Object();
    private static boolean installed;

    private StandardWebhooksLibrary() {
    }

    /** One request to verify with this secret; {@code raw}: its UTF-8 text is the key (a legacy secret). */
    record Check(WebhookReceiver.Receipt receipt, String secret, boolean raw) {
        static Check of(WebhookReceiver.Receipt receipt, String secret) {
            return new Check(receipt, secret, false);
        }

        static Check raw(WebhookReceiver.Receipt receipt, String secret) {
            return new Check(receipt, secret, true);
        }
    }

    /** What the library said of each check, in order: null when it verified, else its error. */
    static List<String> verify(List<Check> checks, Path dir) throws Exception {
        ensureInstalled();
        List<Map<String, Object>> requests = new ArrayList<>();
        for (Check check : checks) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("secret", check.secret());
            request.put("raw", check.raw());
            request.put("headers", check.receipt().headers());
            request.put("body", check.receipt().body());
            requests.add(request);
        }
        // in a file, not the arguments, which any process on the host can read
        Path input = Files.createTempFile(dir, "webhooks", ".json");
        Files.writeString(input, Json.write(requests));
        String output = run(List.of(python().toString(), SCRIPTS.resolve("verify_webhooks.py").toString(),
                input.toString()));
        JsonNode results = Json.MAPPER.readTree(output.lines().reduce((a, b) -> b).orElse("[]"));
        if (results.size() != checks.size()) {
            throw new AssertionError("the library answered " + results.size() + " of " + checks.size() + ": " + output);
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            JsonNode result = results.get(i);
            boolean ok = result.path("ok").asBoolean()
                    && result.path("id").asText().equals(checks.get(i).receipt().event().path("id").asText());
            errors.add(ok ? null : result.toString());
        }
        return errors;
    }

    private static Path python() {
        return ENV.resolve("bin").resolve("python");
    }

    private static void ensureInstalled() throws Exception {
        synchronized (INSTALL) {
            if (installed) {
                return;
            }
            if (!Files.isExecutable(python())) {
                run(List.of("python3", "-m", "venv", ENV.toString()));
            }
            // quick and offline when the pinned version is there already
            run(List.of(python().toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", SCRIPTS.resolve("requirements.txt").toString()));
            installed = true;
        }
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
