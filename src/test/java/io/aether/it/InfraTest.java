package io.aether.it;

import static io.aether.it.InfraFiles.INFRA;
import static io.aether.it.InfraFiles.composeServices;
import static io.aether.it.InfraFiles.containers;
import static io.aether.it.InfraFiles.documents;
import static io.aether.it.InfraFiles.list;
import static io.aether.it.InfraFiles.map;
import static io.aether.it.InfraFiles.podSpecs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The deployment files, checked without Docker or Kubernetes (this machine has neither): every
 * AETHER_* variable they set is one the application reads, every probe and healthcheck asks a path a
 * running replica answers, every container is bounded and locked down, and no image is "latest".
 */
class InfraTest {
    private static final Pattern AETHER_VAR = Pattern.compile("AETHER_[A-Z0-9_]+");
    private static final Pattern LOCAL_URL = Pattern.compile("http://127\\.0\\.0\\.1:9876(/[^\"\\s\\],]*)");

    @Test
    void everyAetherVariableSetIsReadByTheApplication() throws Exception {
        // application.properties reads them as {{env:NAME...}}; the log format and level are read by log4j2.xml,
        // the role and the routes' location by Aether.java
        Set<String> known = new TreeSet<>(names(Files.readString(Path.of("application.properties")), "\\{\\{env:"));
        known.addAll(names(Files.readString(Path.of("src/main/resources/log4j2.xml")), "(propertyName=\"|env:)"));
        known.addAll(names(Files.readString(Path.of("src/main/java/io/aether/Aether.java")), "getenv\\(\\)\\.getOrDefault\\(\""));
        Set<String> set = new TreeSet<>();
        for (Map<String, Object> service : composeServices().values()) {
            if (service.get("environment") != null) {
                set.addAll(map(service.get("environment")).keySet());
            }
        }
        for (Map<String, Object> container : containers()) {
            for (Object env : list(container.get("env"))) {
                set.add((String) map(env).get("name"));
            }
        }
        Matcher dockerEnv = AETHER_VAR.matcher(Files.readString(INFRA.resolve("Dockerfile")));
        while (dockerEnv.find()) {
            set.add(dockerEnv.group());
        }
        set.removeIf(name -> !name.startsWith("AETHER_"));
        assertTrue(set.size() >= 8, "the files set the usual variables: " + set);
        Set<String> unknown = new TreeSet<>(set);
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "set in infra/ but read nowhere");
    }

    @Test
    void probesAndHealthchecksAskPathsARunningReplicaAnswers() throws Exception {
        Set<String> paths = new TreeSet<>();
        for (Map<String, Object> container : containers()) {
            assertTrue(list(container.get("ports")).contains(Map.of("name", "management", "containerPort", 9876)),
                    container.get("name") + " names its management port");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
                assertNotNull(get.get("path"), container.get("name") + " has no " + probe);
                assertEquals("management", get.get("port"), probe);
                paths.add((String) get.get("path"));
            }
        }
        List<String> healthchecks = new ArrayList<>();
        healthchecks.add(Files.readString(INFRA.resolve("Dockerfile")));
        for (String service : List.of("api", "worker")) {
            healthchecks.add(String.valueOf(map(composeServices().get(service).get("healthcheck")).get("test")));
        }
        for (String text : healthchecks) {
            Matcher url = LOCAL_URL.matcher(text);
            assertTrue(url.find(), "no health URL in " + text);
            paths.add(url.group(1));
        }
        assertEquals(Set.of("/observe/health/live", "/observe/health/ready"), paths);

        try (AppProcess app = AppProcess.start("all", 15, Map.of())) {
            int port = java.net.URI.create(app.managementUrl()).getPort();
            for (String path : paths) {
                OperationsTest.Answer answer = OperationsTest.get(port, path);
                assertEquals(200, answer.status(), path + ": " + answer.body());
                assertTrue(answer.body().contains("\"UP\""), path + ": " + answer.body());
            }
        }
    }

    @Test
    void composeBuildsWhatItRunsAndGatesOnHealth() throws Exception {
        Map<String, Map<String, Object>> services = composeServices();
        String text = Files.readString(INFRA.resolve("docker-compose.yml"));
        assertFalse(text.contains("minio/minio") || text.contains("minio/mc"), "no MinIO image that may be gone");
        assertTrue(Files.readString(INFRA.resolve("Dockerfile")).contains("go install github.com/minio/minio@v"),
                "MinIO built from source at a pinned version");
        for (String name : List.of("redis", "minio")) {
            assertNotNull(services.get(name).get("healthcheck"), name + " healthcheck");
        }
        for (String name : List.of("api", "worker")) {
            Map<String, Object> dependsOn = map(services.get(name).get("depends_on"));
            for (String dependency : List.of("redis", "minio")) {
                assertEquals("service_healthy", map(dependsOn.get(dependency)).get("condition"), name + " on " + dependency);
            }
            assertNotNull(services.get(name).get("healthcheck"), name + " healthcheck");
        }
        for (String name : List.of("redis", "minio", "api", "worker")) {
            assertEquals("unless-stopped", services.get(name).get("restart"), name);
            String image = (String) services.get(name).get("image");
            assertPinned(image);
        }
        // one image for both roles, built once; scaling needs no fixed container names or host ports
        assertEquals(services.get("api").get("image"), services.get("worker").get("image"));
        assertNotNull(services.get("api").get("build"));
        assertEquals(null, services.get("worker").get("build"));
        assertFalse(text.contains("container_name"));
        assertEquals(null, services.get("worker").get("ports"));
        String ignored = Files.readString(Path.of(".dockerignore"));
        assertTrue(ignored.lines().anyMatch(".run/"::equals) && ignored.lines().anyMatch("target/"::equals), ignored);
    }

    @Test
    void everyContainerIsBoundedLockedDownAndPinned() throws Exception {
        List<Map<String, Object>> containers = containers();
        assertEquals(2, containers.size());
        for (Map<String, Object> container : containers) {
            String name = (String) container.get("name");
            Map<String, Object> resources = map(container.get("resources"));
            assertTrue(map(resources.get("requests")).containsKey("cpu") && map(resources.get("requests")).containsKey("memory"), name);
            assertTrue(map(resources.get("limits")).containsKey("cpu") && map(resources.get("limits")).containsKey("memory"), name);
            Map<String, Object> security = map(container.get("securityContext"));
            assertEquals(true, security.get("readOnlyRootFilesystem"), name);
            assertEquals(false, security.get("allowPrivilegeEscalation"), name);
            assertEquals(List.of("ALL"), map(security.get("capabilities")).get("drop"), name);
            assertPinned((String) container.get("image"));
        }
        for (Map<String, Object> pod : podSpecs()) {
            assertEquals(true, map(pod.get("securityContext")).get("runAsNonRoot"));
            for (Object volume : list(pod.get("volumes"))) {
                Object emptyDir = map(volume).get("emptyDir");
                assertNotNull(map(emptyDir).get("sizeLimit"), "an emptyDir without a size limit: " + volume);
            }
        }
        Map<String, Object> keda = documents("autoscaling.yaml").stream()
                .filter(d -> "ScaledObject".equals(d.get("kind"))).findFirst().orElseThrow();
        for (Object trigger : list(map(keda.get("spec")).get("triggers"))) {
            Map<String, Object> meta = map(map(trigger).get("metadata"));
            assertEquals("redis-streams", map(trigger).get("type"));
            assertEquals("aether:queue:transcode", meta.get("stream"), "the stream JobQueueConsumer reads");
            assertEquals("workers", meta.get("consumerGroup"));
        }
        assertTrue(documents("autoscaling.yaml").stream().anyMatch(d -> "HorizontalPodAutoscaler".equals(d.get("kind"))));
        for (Object trigger : list(map(keda.get("spec")).get("triggers"))) {
            String auth = (String) map(map(trigger).get("authenticationRef")).get("name");
            assertTrue(documents("autoscaling.yaml").stream().anyMatch(d -> "TriggerAuthentication".equals(d.get("kind"))
                    && auth.equals(map(d.get("metadata")).get("name"))), "KEDA authenticates to Redis with " + auth);
        }
        Map<String, Object> ingress = map(documents("ingress.yaml").get(0).get("metadata"));
        Map<String, Object> annotations = map(ingress.get("annotations"));
        assertEquals("0", annotations.get("nginx.ingress.kubernetes.io/proxy-body-size"));
        assertEquals("off", annotations.get("nginx.ingress.kubernetes.io/proxy-request-buffering"));
    }

    @Test
    void kubernetesRoutesOnlyThePublicPathsAndLocksEachDeploymentDown() throws Exception {
        Map<String, Object> ingress = map(documents("ingress.yaml").get(0).get("spec"));
        assertFalse(list(ingress.get("tls")).isEmpty(), "the Ingress has a tls section");
        for (Object rule : list(ingress.get("rules"))) {
            for (Object entry : list(map(map(rule).get("http")).get("paths"))) {
                String path = (String) map(entry).get("path");
                String type = (String) map(entry).get("pathType");
                assertFalse(path.startsWith("/observe"), path);
                assertFalse(path.equals("/") && !type.equals("Exact"), "/ by prefix routes /observe too");
            }
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (String file : List.of("aether.yaml", "policy.yaml")) {
            all.addAll(documents(file));
        }
        for (Map<String, Object> deployment : all) {
            if (!"Deployment".equals(deployment.get("kind"))) {
                continue;
            }
            Map<String, Object> labels = map(map(map(deployment.get("spec")).get("selector")).get("matchLabels"));
            String name = (String) map(deployment.get("metadata")).get("name");
            for (String kind : List.of("PodDisruptionBudget", "NetworkPolicy")) {
                assertTrue(all.stream().anyMatch(d -> kind.equals(d.get("kind")) && labels.equals(map(map(map(d.get("spec"))
                        .get(kind.equals("NetworkPolicy") ? "podSelector" : "selector")).get("matchLabels")))), kind + " for " + name);
            }
            Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
            String account = (String) pod.get("serviceAccountName");
            assertTrue(all.stream().anyMatch(d -> "ServiceAccount".equals(d.get("kind"))
                    && account.equals(map(d.get("metadata")).get("name"))
                    && Boolean.FALSE.equals(d.get("automountServiceAccountToken"))), name + " runs as " + account);
            assertEquals(false, pod.get("automountServiceAccountToken"), name);
        }
    }

    private static void assertPinned(String image) {
        assertNotNull(image);
        int colon = image.lastIndexOf(':');
        assertTrue(colon > 0 && !image.endsWith(":latest"), "image without a pinned tag: " + image);
    }

    private static Set<String> names(String text, String prefix) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile(prefix + "(AETHER_[A-Z0-9_]+)").matcher(text);
        while (m.find()) {
            names.add(m.group(2 <= m.groupCount() ? 2 : 1));
        }
        return names;
    }
}
