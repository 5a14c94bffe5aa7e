package io.aether.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** What runs ffprobe and ffmpeg for the child: endpoints, on real child processes. */
class ChildProcessesTest {
    private static final int STDOUT_LIMIT = 64 * 1024;
    private static final int STDERR_TAIL = 1024;
    private final ChildProcesses children = new ChildProcesses(STDOUT_LIMIT, STDERR_TAIL);

    @Test
    void theChildsStdinIsEmpty() throws Exception {
        // ffmpeg obeys keystrokes on stdin ('q' ends an encode): it must read nothing there
        ChildResult result = children.run(command("cat"), 0);
        assertEquals(0, result.exitValue());
        assertEquals(0, result.stdout().length, "cat read nothing");
        ChildResult stdin = children.run(command("readlink", "/proc/self/fd/0"), 0);
        assertEquals("/dev/null", text(stdin.stdout()).strip());
    }

    @Test
    void onlyTheTailOfStderrIsKept() throws Exception {
        ChildResult result = children.run(command("sh",
                "-c", "head -c 5000000 /dev/zero | tr '\\0' x >&2; echo the-last-line >&2; exit 3"), 0);
        assertEquals(3, result.exitValue());
        String stderr = text(result.stderr());
        assertEquals(STDERR_TAIL, stderr.length());
        assertTrue(stderr.endsWith("xxthe-last-line\n"), stderr.substring(stderr.length() - 40));
    }

    @Test
    void stdoutIsKeptWholeUpToItsLimitAndRefusedBeyond() throws Exception {
        ChildResult small = children.run(command("head", "-c", "1000", "/dev/zero"), 0);
        assertEquals(1000, small.stdout().length);
        ChildFailure big = assertThrows(ChildFailure.class,
                () -> children.run(command("head", "-c", "200000", "/dev/zero"), 0));
        assertTrue(big.getMessage().contains("more than " + STDOUT_LIMIT), big.getMessage());
    }

    @Test
    void aChildPastItsTimeoutIsStopped() throws Exception {
        long started = System.nanoTime();
        ChildResult result = children.run(command("sleep", "30"), 300);
        assertNotEquals(0, result.exitValue());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "stopped long before 30 s");
    }

    @Test
    void endAllStopsRunningChildrenAndStartsNoMore() throws Exception {
        CompletableFuture<ChildResult> sleeping = CompletableFuture.supplyAsync(
                () -> children.run(command("sleep", "30"), 0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (children.count() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, children.count());
        children.endAll();
        assertNotEquals(0, sleeping.get(10, TimeUnit.SECONDS).exitValue());
        assertEquals(0, children.count());
        ChildFailure refused = assertThrows(ChildFailure.class, () -> children.run(command("true"), 0));
        assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
    }

    @Test
    void aMissingBinaryIsAChildFailure() {
        ChildFailure missing = assertThrows(ChildFailure.class, () -> children.run(command("/nonexistent/ffmpeg"), 0));
        assertTrue(missing.getMessage().contains("no such executable"), missing.getMessage());
        assertThrows(ChildFailure.class, () -> children.run(command("no-such-ffprobe"), 0));
    }

    private static ChildCommand command(String... argv) {
        return new ChildCommand(List.of(argv));
    }

    private static String text(byte[] output) {
        return new String(output, StandardCharsets.UTF_8);
    }
}
