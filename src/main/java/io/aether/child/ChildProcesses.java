package io.aether.child;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ffprobe and ffmpeg for {@code child:} endpoints ({@link ChildComponent}). The child gets
 * /dev/null as stdin (ffmpeg reads stdin as keyboard commands: 'q' ends an encode early, 'h' turns
 * on hex dumps), only a bounded head of stdout and tail of stderr are kept, the child's life is tied
 * to this JVM (a worker killed with -9 takes its ffmpeg along), and a stopping worker ends its children.
 */
public final class ChildProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);
    private static final File NO_INPUT = new File("/dev/null");
    private static final long KILL_AFTER_MS = 5000;
    private static final List<String> SUPERVISOR = List.of("setpriv", "--pdeathsig", "KILL", "--");

    private final int stdoutLimit;
    private final int stderrTail;
    private final boolean supervised;
    /** Each running child with the thread that runs its job, so that one job's children can be ended. */
    private final Map<Process, Thread> running = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param stdoutLimit bytes of stdout kept (ffprobe's JSON); a child writing more fails
     * @param stderrTail bytes kept from the end of stderr, enough for ffmpeg's last error
     */
    public ChildProcesses(int stdoutLimit, int stderrTail) {
        this.stdoutLimit = stdoutLimit;
        this.stderrTail = stderrTail;
        this.supervised = parentDeathSignalWorks();
        if (!supervised) {
            LOG.warn("setpriv --pdeathsig is not available: an ffmpeg may outlive a worker killed with -9");
        }
    }

    /** Runs the command to its end, or until {@code timeoutMs} (0: no limit) has passed and it is stopped. */
    public ChildResult run(ChildCommand command, long timeoutMs) {
        if (closed) {
            throw new ChildFailure(command.executable() + " not started: the worker is stopping", null);
        }
        if (!runnable(command.executable())) {
            // under setpriv a missing binary would look like a child that failed, not like one never started
            throw new ChildFailure("could not start " + command.executable() + ": no such executable", null);
        }
        List<String> argv = new ArrayList<>();
        if (supervised) {
            argv.addAll(SUPERVISOR);
        }
        argv.add(command.executable());
        List<String> used = new ArrayList<>();
        for (String arg : command.args()) {
            String secret = secrets.remove(arg);
            if (secret != null) {
                used.add(arg);
                used.add(secret);
            }
            argv.add(secret == null ? arg : secret);
        }
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(NO_INPUT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ChildFailure("could not start " + command.executable() + ": " + e.getMessage(), e);
        }
        running.put(process, Thread.currentThread());
        if (closed) {
            end(process);
        }
        try {
            OutputKeeper out = OutputKeeper.head(process.getInputStream(), stdoutLimit, "stdout");
            OutputKeeper err = OutputKeeper.tail(process.getErrorStream(), stderrTail, "stderr");
            int exit = await(process, timeoutMs);
            byte[] stdout = redact(out.bytes(), used);
            byte[] stderr = redact(err.bytes(), used);
            if (out.overflowed()) {
                throw new ChildFailure(command.executable() + " wrote more than " + stdoutLimit + " bytes to stdout",
                        null);
            }
            return new ChildResult(exit, stdout, stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(process);
            throw new ChildFailure("interrupted while " + command.executable() + " ran", e);
        } finally {
            running.remove(process);
        }
    }

    /**
     * Stands in for an argument that must not be logged (a presigned URL): the command, which Camel
     * may log or trace as the message body, carries this token and only the child sees the value. The
     * value is also replaced by the token in what the child prints. A token serves one run.
     */
    public String hide(String secret) {
        String token = "secret-" + UUID.randomUUID();
        secrets.put(token, secret);
        return token;
    }

    private static byte[] redact(byte[] output, List<String> used) {
        if (used.isEmpty() || output.length == 0) {
            return output;
        }
        String text = new String(output, StandardCharsets.UTF_8);
        for (int i = 0; i < used.size(); i += 2) {
            text = text.replace(used.get(i + 1), used.get(i));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Asks every running child to stop (SIGTERM) and kills those still there a few seconds later;
     * no new child starts after this.
     */
    public void endAll() {
        closed = true;
        running.keySet().forEach(ChildProcesses::end);
    }

    /** Ends the children that the job running on this thread started (its video was deleted). */
    public void endFor(Thread job) {
        running.forEach((process, thread) -> {
            if (thread == job) {
                end(process);
            }
        });
    }

    /** How many children run now. */
    public int count() {
        return running.size();
    }

    private static int await(Process process, long timeoutMs) throws InterruptedException {
        if (timeoutMs <= 0) {
            return process.waitFor();
        }
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            LOG.warn("{} ran past its timeout of {} ms and is stopped", process.info().command().orElse("child"),
                    timeoutMs);
            end(process);
        }
        return process.waitFor();
    }

    private static void end(Process process) {
        process.destroy();
        Thread killer = new Thread(() -> {
            try {
                if (!process.waitFor(KILL_AFTER_MS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "child-killer");
        killer.setDaemon(true);
        killer.start();
    }

    private static boolean runnable(String executable) {
        if (executable.contains("/")) {
            return Files.isExecutable(Path.of(executable));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, executable)));
    }

    /** The kernel kills a child whose parent died when setpriv set PR_SET_PDEATHSIG before exec. */
    private static boolean parentDeathSignalWorks() {
        List<String> probe = new ArrayList<>(SUPERVISOR);
        probe.add("true");
        try {
            Process p = new ProcessBuilder(probe).redirectInput(NO_INPUT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
