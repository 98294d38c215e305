package io.stoppay.testing;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import java.net.URL;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging as the shipped {@code logback.xml} configures it (levels of Kafka, Jetty, Javalin…), with
 * every event that passes kept for the test to read; closing restores the tests' configuration.
 * For tests that prove what never reaches a log: card numbers, phone numbers, tokens.
 */
public final class ProductionLogs implements AutoCloseable {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    public ProductionLogs() {
        configure(getClass().getResource("/logback.xml"));
        events.setContext(context);
        events.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
    }

    /** Each event so far as one text: logger, level, message, key-value pairs and stack trace. */
    public List<String> lines() {
        return List.copyOf(events.list).stream().map(event -> event.getLoggerName() + " " + event.getLevel() + " "
                + event.getFormattedMessage() + " " + event.getKeyValuePairs()
                + (event.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(event.getThrowableProxy())))
                .toList();
    }

    @Override
    public void close() {
        configure(getClass().getResource("/logback-test.xml"));
    }

    private void configure(final URL file) {
        context.reset();
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(file);
        } catch (final JoranException e) {
            throw new IllegalStateException("cannot configure logging from " + file, e);
        }
    }
}
