package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests against the API's types, not only as YAML: scripts/validate-manifests
 * checks core kinds with the Kubernetes JSON schemas kubernetes-validate ships (strict: an unknown
 * field fails; offline), and KEDA's ScaledObject and TriggerAuthentication, which those schemas lack,
 * against src/test/resources/k8s/keda-schemas.json: a closed subset written from KEDA's CRD fields.
 * Broken copies prove the check can fail.
 */
class ManifestSchemaTest {
    private static final Path K8S = Path.of("infra", "k8s");

    @TempDir
    Path dir;

    @Test
    void everyManifestMatchesItsSchema() throws Exception {
        List<Path> files = manifests();
        Result result = validate(files);
        assertEquals(0, result.exit, result.output);
        long documents = 0;
        for (Path file : files) {
            documents += Files.readString(file).lines().filter(l -> l.startsWith("kind:")).count();
        }
        assertEquals(documents, result.output.lines().filter(l -> l.startsWith("ok ")).count(), result.output);
    }

    @Test
    void aMisspeltFieldFails() throws Exception {
        assertFails("aether.yaml", "  replicas: 2", "  replicaz: 2", "Deployment/aether-api");
        assertFails("aether.yaml", "automountServiceAccountToken: false\n---",
                "automountServiceAccountTokens: false\n---", "ServiceAccount/aether-api");
        assertFails("policy.yaml", "  maxUnavailable: 1", "  maxUnavaliable: 1", "PodDisruptionBudget/aether-api");
        assertFails("autoscaling.yaml", "authenticationRef:", "authenticationRefs:", "ScaledObject/aether-worker");
    }

    @Test
    void aWrongTypeOrAMissingRequiredFieldFails() throws Exception {
        assertFails("ingress.yaml", "secretName: aether-tls", "secretName: [aether-tls]", "Ingress/aether");
        assertFails("autoscaling.yaml", "{parameter: password, name: aether-redis, key: password}",
                "{parameter: password, name: aether-redis}", "TriggerAuthentication/aether-redis");
    }

    private void assertFails(String file, String from, String to, String document) throws Exception {
        String text = Files.readString(K8S.resolve(file));
        assertTrue(text.contains(from), file + " no longer has " + from);
        Path broken = dir.resolve(file);
        Files.writeString(broken, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
        Result result = validate(List.of(broken));
        assertEquals(1, result.exit, from + " -> " + to + ":\n" + result.output);
        assertTrue(result.output.lines().anyMatch(l -> l.startsWith("FAIL") && l.contains(document)), result.output);
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Result validate(List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/validate-manifests"));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes(); // the first run installs: allow minutes
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "scripts/validate-manifests did not end");
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output) {
    }
}
