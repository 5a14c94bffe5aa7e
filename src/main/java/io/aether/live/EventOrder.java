package io.aether.live;

/**
 * Keeps one subscriber's stream in order: after a snapshot, forwards only events newer than
 * what the subscriber has already seen, and nothing once the video is finished.
 *
 * <p>A video's states move forward: waiting (0 attempts), active (attempt 1), waiting again
 * for a retry, active (attempt 2), ... and finally completed or failed. {@link #position} turns a
 * state and its attempt count into a number that only grows along that path, so a state event
 * that is not ahead of the last one (a duplicate, or one the snapshot already showed) is dropped.
 * Transcode percent and upload bytes only grow within a state, so a smaller or equal value is
 * stale too. The news that a chunked video became playable is a state event of its own, without
 * attempts: it passes once, unless the snapshot already said so, and moves neither state nor percent.
 *
 * <p>A worker that stops hands its job back uncounted: active (attempt 1), waiting (0 attempts) and
 * active (attempt 1) again, on the new worker. Positions cannot order that, so a state event that
 * carries the record's revision (its count of state changes) is ordered by it instead.
 */
public final class EventOrder {
    /** Before any snapshot, or when the video has no record yet. */
    static final long NO_RECORD = -1;
    static final long FINISHED = Long.MAX_VALUE;
    private static final long UNKNOWN = -2;

    private long position = NO_RECORD;
    private int percent = -1;
    private long received = -1;
    private boolean playable;
    private long revision = -1;

    /** Where a snapshot of the record puts the stream; a null status means no record yet. */
    public void reset(String status, int attempts, int progress) {
        reset(status, attempts, progress, false);
    }

    /** As {@link #reset(String, int, int)}, for a record that may already be playable. */
    public void reset(String status, int attempts, int progress, boolean playable) {
        reset(status, attempts, progress, playable, -1);
    }

    /** As above, with the record's revision (-1 when there is no record). */
    public void reset(String status, int attempts, int progress, boolean playable, long revision) {
        long at = position(status, attempts);
        position = at == UNKNOWN ? NO_RECORD : at;
        percent = progress;
        this.playable = playable;
        this.revision = revision;
    }

    /** Whether the event moves the stream forward; if so the stream now stands there. */
    public boolean accept(LiveEvent event) {
        if (finished()) {
            return false;
        }
        switch (event.type()) {
            case LiveEvent.STATE -> {
                if (event.playable()) {
                    boolean news = !playable;
                    playable = true;
                    return news;
                }
                long at = position(event.status(), event.attempts());
                if (event.revision() >= 0 && revision >= 0) {
                    if (event.revision() <= revision) {
                        return false;
                    }
                } else if (at == UNKNOWN) {
                    // a state this server does not know: pass it on, it cannot be ordered
                    return true;
                } else if (at <= position) {
                    return false;
                }
                revision = Math.max(revision, event.revision());
                if (at != UNKNOWN) {
                    position = at;
                }
                // a new state, perhaps a new attempt: its transcode starts again from 0
                percent = 0;
                return true;
            }
            case LiveEvent.PROGRESS -> {
                if (event.percent() <= percent) {
                    return false;
                }
                percent = event.percent();
                return true;
            }
            case LiveEvent.UPLOAD -> {
                // once a transcode started the upload is long over
                if (position > 0 || event.received() <= received) {
                    return false;
                }
                received = event.received();
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    public boolean finished() {
        return position == FINISHED;
    }

    /** waiting(0)=0, active(n)=2n-1, waiting(n)=2n after a failed attempt n, completed/failed/deleted=max. */
    static long position(String status, int attempts) {
        if (status == null) {
            return NO_RECORD;
        }
        long n = Math.max(0, attempts);
        return switch (status) {
            case "waiting" -> 2 * n;
            case "active" -> Math.max(1, 2 * n - 1);
            case "completed", "failed", "deleted" -> FINISHED;
            default -> UNKNOWN;
        };
    }
}
