package io.aether.child;

import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code child:ffmpeg?timeout=…}: runs the {@link ChildCommand} in the body as a child process (through
 * {@link ChildProcesses}: no stdin, bounded output, tied to this JVM) and answers its {@link ChildResult}.
 * The name after {@code child:} only names the step in the route and in its timings. It stands in for
 * camel-exec, which Camel's LTS releases served here lack (docs/dependencies.md).
 */
public final class ChildComponent extends DefaultComponent {
    private final ChildProcesses children;

    public ChildComponent(ChildProcesses children) {
        this.children = children;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        long timeoutMs = getAndRemoveParameter(parameters, "timeout", Long.class, 0L);
        return new ChildEndpoint(uri, this, timeoutMs);
    }

    private static final class ChildEndpoint extends DefaultEndpoint {
        private final long timeoutMs;

        ChildEndpoint(String uri, ChildComponent component, long timeoutMs) {
            super(uri, component);
            this.timeoutMs = timeoutMs;
        }

        @Override
        public Producer createProducer() {
            ChildProcesses children = ((ChildComponent) getComponent()).children;
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) throws Exception {
                    ChildCommand command = exchange.getMessage().getMandatoryBody(ChildCommand.class);
                    exchange.getMessage().setBody(children.run(command, timeoutMs));
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("child: endpoints only run commands");
        }
    }
}
