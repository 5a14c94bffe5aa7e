package io.aether.tus;

/** This replica writes as many uploads as it can at once; what was committed stays, the client resumes shortly. */
public final class ReplicaBusy extends RuntimeException {
    public ReplicaBusy() {
        super("this replica is taking as many uploads as it can; retry shortly");
    }
}
