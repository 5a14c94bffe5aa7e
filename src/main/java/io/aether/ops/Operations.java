package io.aether.ops;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import io.aether.store.VideoStore;
import io.aether.web.HttpRouters;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.cli.connector.DefaultCliConnectorFactory;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.CliConnectorFactory;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * What an operator needs from a running replica, wired in one call: the startup gate in front of
 * the HTTP routes, and the application's meters in the Prometheus registry that Camel serves at
 * {@code /observe/metrics}. Health, Jolokia and the CLI connector are Camel's own, switched on in
 * application.properties; the CLI connector only with {@code AETHER_CAMEL_CLI=true}.
 */
public final class Operations {
    /** How often the queue and job-state gauges are read from Redis. */
    static final long GAUGE_PERIOD_MS = 5000;

    private Operations() {
    }

    /**
     * Call from the configuration, before the context starts.
     *
     * @param redis the application's Redis client; the meters use connections of their own
     * @param webSocketClients how many live WebSocket clients this replica serves
     */
    public static void install(CamelContext context, RedisClient redis, IntSupplier webSocketClients, boolean camelCli)
            throws Exception {
        StartupGate.install(context);
        if (!camelCli) {
            // Camel starts camel-cli-connector whenever it is on the classpath; it stays off unless asked for
            DefaultCliConnectorFactory off = new DefaultCliConnectorFactory();
            off.setEnabled(false);
            context.getCamelContextExtension().addContextPlugin(CliConnectorFactory.class, off);
        }

        // Camel's metrics service (set up before this runs) serves its Prometheus registry at /observe/metrics;
        // ours go into the same one, or into a new one that the service then picks up by name
        PrometheusMeterRegistry prometheus = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, PrometheusMeterRegistry.class);
        if (prometheus == null) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, prometheus);
        }
        Metrics.REGISTRY.add(prometheus);

        QueueGauges queue = new QueueGauges(redis, GAUGE_PERIOD_MS,
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor("aether-queue-gauges",
                        "aether-queue-gauges"));
        queue.register(Metrics.registry());
        Gauge.builder("aether.websocket.clients", webSocketClients, IntSupplier::getAsInt).strongReference(true)
                .description("WebSocket clients this replica serves").register(Metrics.registry());
        UploadMetrics uploads = new UploadMetrics();
        uploads.register(Metrics.registry());
        context.addStartupListener(HttpRouters.onceUp(
                router -> router.route().order(UploadMetrics.ORDER).handler(uploads::handle)));

        PrometheusMeterRegistry served = prometheus;
        // connected on first use: starting needs no Redis connection more than the application's own
        AtomicReference<StatefulRedisConnection<String, String>> records = new AtomicReference<>();
        context.getManagementStrategy().addEventNotifier(new JobTimings(id -> duration(redis, records, id)));
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                queue.close();
                StatefulRedisConnection<String, String> connection = records.getAndSet(null);
                if (connection != null) {
                    connection.close();
                }
                Metrics.REGISTRY.remove(served);
            }
        });
    }

    private static double duration(RedisClient redis, AtomicReference<StatefulRedisConnection<String, String>> records,
            String videoId) {
        StatefulRedisConnection<String, String> connection = records.updateAndGet(c -> c != null ? c : redis.connect());
        return VideoStore.duration(connection.sync(), videoId);
    }
}
