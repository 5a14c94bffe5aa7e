package io.aether.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.LoggingLevel;
import org.apache.camel.component.exec.ExecCommand;
import org.apache.camel.component.exec.ExecEndpoint;
import org.apache.camel.component.exec.ExecException;
import org.apache.camel.component.exec.ExecResult;
import org.junit.jupiter.api.Test;

/** The executor camel-exec uses for ffprobe and ffmpeg, on real child processes. */
class ChildProcessesTest {
    private static final int STDOUT_LIMIT = 64 * 1024;
    private static final int STDERR_TAIL = 1024;
    private final ChildProcesses children = new ChildProcesses(STDOUT_LIMIT, STDERR_TAIL);

    @Test
    void theMessageBodyNeverReachesTheChildsStdin() throws Exception {
        // camel-exec's own executor pipes the body in: cat would echo it, and ffmpeg would obey it
        ExecResult result = children.execute(command("cat", List.of(), input("q\nhello\n")));
        assertEquals(0, result.getExitValue());
        assertNull(result.getStdout(), "cat read nothing");
        ExecResult stdin = children.execute(command("readlink", List.of("/proc/self/fd/0"), input("q")));
        assertEquals("/dev/null", text(stdin.getStdout()).strip());
    }

    @Test
    void onlyTheTailOfStderrIsKept() throws Exception {
        ExecResult result = children.execute(command("sh",
                List.of("-c", "head -c 5000000 /dev/zero | tr '\\0' x >&2; echo the-last-line >&2; exit 3"), null));
        assertEquals(3, result.getExitValue());
        String stderr = text(result.getStderr());
        assertEquals(STDERR_TAIL, stderr.length());
        assertTrue(stderr.endsWith("xxthe-last-line\n"), stderr.substring(stderr.length() - 40));
    }

    @Test
    void stdoutIsKeptWholeUpToItsLimitAndRefusedBeyond() throws Exception {
        ExecResult small = children.execute(command("head", List.of("-c", "1000", "/dev/zero"), null));
        assertEquals(1000, small.getStdout().readAllBytes().length);
        ExecException big = assertThrows(ExecException.class,
                () -> children.execute(command("head", List.of("-c", "200000", "/dev/zero"), null)));
        assertTrue(big.getMessage().contains("more than " + STDOUT_LIMIT), big.getMessage());
    }

    @Test
    void aChildPastItsTimeoutIsStopped() throws Exception {
        long started = System.nanoTime();
        ExecResult result = children.execute(new ExecCommand("sleep", List.of("30"), null, 300L, Set.of(), null,
                null, false, LoggingLevel.OFF));
        assertNotEquals(0, result.getExitValue());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "stopped long before 30 s");
    }

    @Test
    void endAllStopsRunningChildrenAndStartsNoMore() throws Exception {
        CompletableFuture<ExecResult> sleeping = CompletableFuture.supplyAsync(
                () -> children.execute(command("sleep", List.of("30"), null)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (children.count() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, children.count());
        children.endAll();
        assertNotEquals(0, sleeping.get(10, TimeUnit.SECONDS).getExitValue());
        assertEquals(0, children.count());
        ExecException refused = assertThrows(ExecException.class,
                () -> children.execute(command("true", List.of(), null)));
        assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
    }

    @Test
    void aMissingBinaryIsAnExecFailure() {
        ExecException missing = assertThrows(ExecException.class,
                () -> children.execute(command("/nonexistent/ffmpeg", List.of(), null)));
        assertTrue(missing.getMessage().contains("no such executable"), missing.getMessage());
        assertThrows(ExecException.class, () -> children.execute(command("no-such-ffprobe", List.of(), null)));
    }

    private static ExecCommand command(String executable, List<String> args, InputStream input) {
        return new ExecCommand(executable, args, null, ExecEndpoint.NO_TIMEOUT, Set.of(), input, null, false,
                LoggingLevel.OFF);
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(InputStream in) throws IOException {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
