package io.stoppay.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples from the app's Prometheus endpoint ({@code /metrics}) on localhost. */
final class AppScrape {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;

    AppScrape(final int port) {
        this.metrics = URI.create("http://localhost:" + port + "/metrics");
    }

    /**
     * The sum of the values of the lines {@code sample} matches (its group 1 is the value), or
     * empty when the app did not answer or no line matched.
     */
    OptionalDouble sum(final Pattern sample) {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            final Matcher matcher = sample.matcher(response.body());
            double sum = 0;
            boolean found = false;
            while (matcher.find()) {
                sum += Double.parseDouble(matcher.group(1));
                found = true;
            }
            return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
        } catch (final IOException e) {
            return OptionalDouble.empty();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }
}
