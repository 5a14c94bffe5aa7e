package io.aether.jobs;

import java.util.Locale;

/** Lifecycle of a transcoding job; {@link #wire()} is the form stored and sent to clients. */
public enum JobState {
    WAITING, ACTIVE, COMPLETED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromWire(String wire) {
        for (JobState s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown job state: " + wire);
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
