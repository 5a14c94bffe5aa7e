package io.aether.routes;

import java.util.Properties;

import io.aether.Aether;
import io.aether.it.Services;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * A role's real Camel Main configuration in-process, for a test that advises its routes before it
 * starts the context itself. No HTTP server and no JMX: the tests send to direct endpoints.
 */
abstract class RouteTestBase extends CamelMainTestSupport {
    private final String role;
    private final String routes;

    /** @param routes the include pattern of the routes to load, or null for all of the role's */
    RouteTestBase(String role, String routes) {
        this.role = role;
        this.routes = routes;
    }

    /** Properties of the test's own, over the configuration's. */
    protected void properties(Properties properties) {
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        Properties properties = new Properties();
        properties.put("camel.server.enabled", "false");
        properties.put("camel.management.enabled", "false");
        properties.put("aether.playback.secret", Services.PLAYBACK_SECRET); // the API refuses to start without one
        properties(properties);
        context.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    @Override
    protected void configure(MainConfigurationProperties main) {
        Aether.configure(main, role, "classpath:routes");
        if (routes != null) {
            main.withRoutesIncludePattern(routes);
        }
    }
}
