package io.aether.jobs;

/** Things that can happen to a job; see {@link JobStateMachine} for which are legal when. */
public enum JobEvent {
    START, SUCCEED, FAIL, RETRY
}
