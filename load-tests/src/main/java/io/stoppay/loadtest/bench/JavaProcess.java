package io.stoppay.loadtest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own for one part of a benchmark (the broker, StopPay, the baseline), started with
 * this JVM's classpath, its output in a log file. Separate processes keep their CPU and memory
 * apart from the generator's and from each other, so what is measured of one is its own.
 */
public final class JavaProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Killed when this JVM stops (Ctrl-C, a timeout): a broker or app left behind holds its ports and CPU. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "stop-child-processes"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private JavaProcess(final String name, final Process process, final Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with {@code jvmArgs} and {@code args}; output goes to {@code log}. */
    public static JavaProcess start(final String name, final List<String> jvmArgs, final String mainClass,
                             final List<String> args, final Path log) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            RUNNING.add(process);
            process.onExit().thenAccept(RUNNING::remove);
            return new JavaProcess(name, process, log);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The process's resident set size from /proc (Linux), if it can be read. */
    public OptionalLong residentBytes() {
        return ProcStatus.residentBytes(process.pid());
    }

    /** The CPU time the process has used so far, every thread together, if the platform tells. */
    public Optional<Duration> cpuTime() {
        return process.info().totalCpuDuration();
    }

    /** Fails with the log's location if the process has died. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
        }
    }

    /** Waits for a process that is meant to finish (a tool); its exit code. */
    public int awaitExit(final Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. Returns once it is gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) with the system's {@code kill} command. */
    public void signal(final String name) {
        try {
            final int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot signal " + this.name, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, and SIGKILL if it has not stopped within a minute. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
