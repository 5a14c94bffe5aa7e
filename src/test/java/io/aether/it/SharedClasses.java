package io.aether.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Class data sharing for the replicas the tests start (about ninety in the suite): the first one (not a worker)
 * writes the classes it loaded to an archive as it exits (-XX:ArchiveClassesAtExit), and every later one maps them
 * from there instead of reading and verifying them again, which takes its start from about 4.5 to about 3
 * CPU-seconds. The JVM shares classes from jars only, so target/classes goes into a jar first. Archive and jar stay in
 * target/it-cds for the next run while nothing changed; a replica given an archive that does not match its class
 * path (a changed dependency, another JDK) starts without it (-Xshare:auto is the default).
 */
final class SharedClasses {
    private static final Path DIR = Path.of("target", "it-cds").toAbsolutePath();
    private static final Path CLASSES = Path.of("target", "classes").toAbsolutePath();
    private static String classpath;
    private static Path archive;
    /** The replica writing the archive as it exits, and where. */
    private static Process dumper;
    private static Path dumping;

    private SharedClasses() {
    }

    /** The replicas' class path: the application's classes as a jar, then its dependencies. */
    static synchronized String classpath() throws IOException {
        if (classpath == null) {
            Path runtime = Path.of("target", "runtime-classpath.txt");
            if (!Files.exists(runtime)) {
                throw new IllegalStateException(runtime + " is missing: run the tests through Maven");
            }
            Path jar = DIR.resolve("aether-classes.jar");
            if (!Files.exists(jar) || newest(CLASSES) > Files.getLastModifiedTime(jar).toMillis()) {
                Files.createDirectories(DIR);
                try (Stream<Path> old = Files.list(DIR)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
                writeJar(jar);
            }
            classpath = jar + java.io.File.pathSeparator + Files.readString(runtime).trim();
            archive = DIR.resolve("replicas-" + Integer.toHexString((classpath + Runtime.version()).hashCode()) + ".jsa");
        }
        return classpath;
    }

    /** The option that maps the archive, once there is one; none before. */
    static synchronized List<String> use() throws IOException {
        classpath();
        settle();
        // its notes (classes it leaves out, a class path it does not match) would end up in the replica's log
        return Files.exists(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off") : List.of();
    }

    /**
     * {@link #use}, or, while there is no archive and no replica writing one, the option that writes it. Not for a
     * worker: tests time how soon a stopped worker exits, and writing the archive takes its exit seconds longer.
     */
    static synchronized List<String> useOrWrite(String role) throws IOException {
        List<String> use = use();
        if (!use.isEmpty() || dumper != null || role.equals("worker")) {
            return use;
        }
        dumping = DIR.resolve(archive.getFileName() + ".part");
        Files.deleteIfExists(dumping);
        return List.of("-XX:ArchiveClassesAtExit=" + dumping, "-Xlog:cds*=off");
    }

    /** Called with the process just started with {@link #useOrWrite}'s options. */
    static synchronized void started(Process process, List<String> options) {
        if (dumping != null && options.contains("-XX:ArchiveClassesAtExit=" + dumping)) {
            dumper = process;
        }
    }

    /** Whether this replica writes the archive as it exits: that takes seconds (half a minute on a busy machine). */
    static synchronized boolean writing(Process process) {
        return process == dumper;
    }

    /** Once the writing replica has exited, its archive is taken if it wrote one whole (SIGKILL stops it midway). */
    private static void settle() throws IOException {
        if (dumper == null || dumper.isAlive()) {
            return;
        }
        if (dumper.exitValue() != 137 && Files.exists(dumping)) {
            Files.move(dumping, archive, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(dumping);
        dumper = null;
        dumping = null;
    }

    private static long newest(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
        }
    }

    private static void writeJar(Path jar) throws IOException {
        Path part = jar.resolveSibling(jar.getFileName() + ".part");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(part));
             Stream<Path> files = Files.walk(CLASSES)) {
            // directories too, as a packaged jar has them: the routes are found by listing classpath:routes/api
            for (Path file : files.filter(f -> !f.equals(CLASSES)).sorted().toList()) {
                String name = CLASSES.relativize(file).toString().replace('\\', '/');
                boolean dir = Files.isDirectory(file);
                out.putNextEntry(new JarEntry(dir ? name + "/" : name));
                if (!dir) {
                    Files.copy(file, (OutputStream) out);
                }
                out.closeEntry();
            }
        }
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
    }
}
