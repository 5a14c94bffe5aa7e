package io.aether.config;

import io.aether.child.ChildComponent;
import io.aether.child.ChildProcesses;
import java.util.function.Function;

import io.aether.Settings;
import io.aether.store.ChunkStore;
import io.aether.worker.chunked.ChunkRecords;
import io.aether.worker.chunked.Chunking;
import io.aether.worker.chunked.Parts;
import io.aether.worker.chunked.Stitcher;
import io.aether.worker.download.DownloadOutcomes;
import io.aether.worker.download.Downloading;
import io.aether.worker.job.Deletions;
import io.aether.worker.job.Masters;
import io.aether.worker.job.Outcomes;
import io.aether.worker.job.ProcessedObjects;
import io.aether.worker.job.StoryboardSheets;
import io.aether.worker.job.WorkDirs;
import io.aether.worker.job.WorkerStop;
import io.aether.worker.quality.Measuring;
import io.aether.worker.quality.QualitySettings;
import io.aether.worker.quality.QualityTools;
import io.aether.worker.single.Transcoding;
import io.aether.ops.Metrics;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;

/**
 * The beans of routes/worker/: the transcode steps, the chunked transcode's parts and stitching, how a
 * job ends, ffmpeg's processes and the worker's stop.
 */
public final class WorkerConfiguration implements CamelConfiguration {
    private static final int CHILD_STDOUT_LIMIT = 4 * 1024 * 1024;
    private static final int CHILD_STDERR_TAIL = 16 * 1024;

    private final CommonConfiguration common;
    private final Once<ChildProcesses> children = new Once<>();
    private final Once<WorkerStop> stop = new Once<>();
    private final Once<WorkDirs> workDirs = new Once<>();
    private final Once<Outcomes> outcomes = new Once<>();
    private final Once<ChunkStore> chunkStore = new Once<>();
    private final Once<Masters> masters = new Once<>();
    private final Once<ProcessedObjects> processed = new Once<>();
    private final Once<Parts> parts = new Once<>();
    private final Once<Deletions> deletions = new Once<>();
    private final Once<Measuring> measuring = new Once<>();

    public WorkerConfiguration(CommonConfiguration common) {
        this.common = common;
    }

    /** ffprobe and ffmpeg: no stdin, bounded output, ended with the worker. */
    public ChildProcesses childProcesses() {
        return children.get(() -> new ChildProcesses(CHILD_STDOUT_LIMIT, CHILD_STDERR_TAIL));
    }

    /** The {@code child:} endpoints of routes/worker/transcode.yaml. */
    @BindToRegistry("child")
    public ChildComponent childComponent() {
        return new ChildComponent(childProcesses());
    }

    @BindToRegistry("outcomes")
    public Outcomes outcomes() {
        return outcomes.get(() -> new Outcomes(common.videos(), chunkStore(), stop(), deletions(),
                settings().leaseMs()));
    }

    @BindToRegistry("transcoding")
    public Transcoding transcoding() {
        return new Transcoding(settings(), common.videos(), workDirs(), outcomes(), childProcesses(), presign(),
                masters(), deletions(), common.subtitledMasters(), measuring());
    }

    @BindToRegistry("ladderTrials")
    public io.aether.worker.ladder.LadderTrials ladderTrials() {
        return new io.aether.worker.ladder.LadderTrials(common.reader().ladder(), common.reader().quality().density(),
                common.videos(), chunkStore(), key -> childProcesses().hide(presign().apply(key)), outcomes(),
                deletions());
    }

    @BindToRegistry("parts")
    public Parts parts() {
        return parts.get(() -> new Parts(settings(), common.videos(), chunkStore(), workDirs(), outcomes(), masters(),
                deletions()));
    }

    @BindToRegistry("processedObjects")
    public ProcessedObjects processedObjects() {
        return processed.get(() -> new ProcessedObjects(common.minioClient(), settings().processedBucket()));
    }

    @BindToRegistry("chunking")
    public Chunking chunking() {
        return new Chunking(settings(), common.videos(), chunkStore(), stitcher(), processedObjects(),
                childProcesses(), presign(), parts(), deletions(), measuring());
    }

    /** A chunk's segments, then its quality, in its video's chunk state (routes/worker/transcode.yaml, chunk). */
    @BindToRegistry("chunkRecords")
    public ChunkRecords chunkRecords() {
        return new ChunkRecords(common.videos(), chunkStore(), stitcher(), parts(), deletions(), measuring());
    }

    private Stitcher stitcher() {
        return new Stitcher(chunkStore(), common.videos(), processedObjects(), deletions(), common.subtitledMasters(),
                measuring());
    }

    /** Each job's storyboard sheets, after its encode (routes/worker/transcode.yaml, storyboard). */
    @BindToRegistry("storyboardSheets")
    public StoryboardSheets storyboardSheets() {
        return new StoryboardSheets(settings(), outcomes(), deletions());
    }

    /** Each job's measure run (routes/worker/quality.yaml); which ffmpeg measures is found once. */
    @BindToRegistry("measuring")
    public Measuring measuring() {
        return measuring.get(() -> {
            QualitySettings quality = common.reader().quality();
            return new Measuring(quality, QualityTools.find(quality, settings().ffmpeg()), common.videos(), outcomes(),
                    Runtime.getRuntime().availableProcessors(), settings().slots().threads(), Metrics::measured);
        });
    }

    /** Jobs of deleted videos end, and leave nothing behind. */
    @BindToRegistry("deletions")
    public Deletions deletions() {
        return deletions.get(() -> new Deletions(common.videos(), common.videoObjects(), childProcesses(),
                settings().deleteRawAfterTranscode(), common.timer("delete-watch")));
    }

    @BindToRegistry("downloading")
    public Downloading downloading() {
        return new Downloading(common.videos(), common.downloads(), workDirs(), outcomes(), deletions(),
                common.minioClient(), settings().processedBucket(), settings().ffmpeg());
    }

    @BindToRegistry("downloadOutcomes")
    public DownloadOutcomes downloadOutcomes() {
        return new DownloadOutcomes(common.downloads(), outcomes(), stop());
    }

    @BindToRegistry("downloadRetry")
    public Processor downloadRetry() {
        return downloadOutcomes()::retrying;
    }

    @BindToRegistry("transcodingRetry")
    public Processor transcodingRetry() {
        return outcomes()::retrying;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getManagementStrategy().addEventNotifier(stop());
        // Camel counts redeliveries, the record counts attempts: the first attempt is no redelivery
        context.getPropertiesComponent().addOverrideProperty("aether.redeliveries",
                Integer.toString(Math.max(0, settings().maxAttempts() - 1)));
        // the job queue's threads: one per part slot (routes/worker/transcode.yaml)
        context.getPropertiesComponent().addOverrideProperty("aether.worker.slots",
                Integer.toString(settings().partSlots()));
        // temp files of workers on this host that are gone
        workDirs().sweep();
        // which ffmpeg measures, found and logged at the start rather than at the first job
        measuring();
    }

    private Settings settings() {
        return common.settings();
    }

    private WorkerStop stop() {
        return stop.get(() -> new WorkerStop(childProcesses(), settings().stopGraceMs()));
    }

    private ChunkStore chunkStore() {
        return chunkStore.get(() -> new ChunkStore(common.redis().sync()));
    }

    private Masters masters() {
        return masters.get(() -> new Masters());
    }

    /** ffprobe and the chunks read the raw object by a short-lived URL instead of downloading it. */
    private Function<String, String> presign() {
        return key -> Clients.presign(common.minioClient(), settings().rawBucket(), key);
    }

    private WorkDirs workDirs() {
        return workDirs.get(() -> new WorkDirs(settings().workDir()));
    }
}
