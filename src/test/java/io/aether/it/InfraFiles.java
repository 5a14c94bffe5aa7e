package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The deployment files under infra/ as parsed YAML: Compose's services, the Kubernetes documents, and the
 * pods and containers of the Deployments. A mapping that is not where a file should have one fails the test.
 */
final class InfraFiles {
    static final Path INFRA = Path.of("infra");

    private InfraFiles() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> composeServices() throws Exception {
        Map<String, Object> compose = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(INFRA.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    static List<Map<String, Object>> podSpecs() throws Exception {
        List<Map<String, Object>> pods = new ArrayList<>();
        for (Map<String, Object> doc : documents("aether.yaml")) {
            if ("Deployment".equals(doc.get("kind"))) {
                pods.add(map(map(map(doc.get("spec")).get("template")).get("spec")));
            }
        }
        return pods;
    }

    static List<Map<String, Object>> containers() throws Exception {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (Map<String, Object> pod : podSpecs()) {
            for (Object container : list(pod.get("containers"))) {
                containers.add(map(container));
            }
        }
        return containers;
    }

    /** The documents of one file under infra/k8s/, in order. */
    static List<Map<String, Object>> documents(String file) throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build())
                .loadAllFromString(Files.readString(INFRA.resolve("k8s").resolve(file)))) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertTrue(value instanceof Map, "expected a mapping, found " + value);
        return (Map<String, Object>) value;
    }

    static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }
}
