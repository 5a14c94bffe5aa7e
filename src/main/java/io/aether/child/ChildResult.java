package io.aether.child;

/** How a child process ended: its exit value, the head of its stdout and the tail of its stderr. */
public record ChildResult(int exitValue, byte[] stdout, byte[] stderr) {
}
