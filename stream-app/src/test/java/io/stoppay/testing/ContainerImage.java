package io.stoppay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A container image archive (what {@code docker save} and Jib's {@code buildTar} write, and
 * {@code docker load} reads) unpacked into a root filesystem, and its entrypoint run there as a
 * container engine would run it: in its own mount and PID namespaces with a fresh {@code /proc},
 * chrooted, as the image's user, in its working directory, with exactly the image's environment. No engine needed, only util-linux's
 * {@code unshare}: as root directly, otherwise in a user namespace (where the process runs as the
 * namespace's root, since only one uid is mapped).
 */
public final class ContainerImage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String reference;
    private final JsonNode config;
    private final Path rootfs;

    private ContainerImage(final String reference, final JsonNode config, final Path rootfs) {
        this.reference = reference;
        this.config = config;
        this.rootfs = rootfs;
    }

    /** Unpacks {@code archive}'s only image, layer by layer in order, into {@code dir/rootfs}. */
    public static ContainerImage unpack(final Path archive, final Path dir) throws IOException {
        final Path content = Files.createDirectories(dir.resolve("archive"));
        final Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        run("tar", "-xf", archive.toString(), "-C", content.toString());
        final JsonNode manifests = JSON.readTree(content.resolve("manifest.json").toFile());
        if (manifests.size() != 1) {
            throw new IllegalStateException(archive + ": expected one image, manifest is " + manifests);
        }
        final JsonNode manifest = manifests.get(0);
        for (final JsonNode layer : manifest.path("Layers")) {
            // -p: keep the modes the image sets (e.g. a world-writable /tmp) whatever our umask.
            run("tar", "-xzpf", content.resolve(layer.asText()).toString(), "-C", rootfs.toString());
        }
        final JsonNode imageConfig = JSON.readTree(content.resolve(manifest.path("Config").asText()).toFile());
        return new ContainerImage(manifest.at("/RepoTags/0").asText(), imageConfig.path("config"), rootfs);
    }

    /** The name and tag the image was built as, e.g. {@code stoppay:0.1.0}. */
    public String reference() {
        return reference;
    }

    /** {@code uid:gid} or a user name, as the image declares it. */
    public String user() {
        return config.path("User").asText();
    }

    public List<String> entrypoint() {
        return JsonValues.strings(config.path("Entrypoint"));
    }

    public List<String> cmd() {
        return JsonValues.strings(config.path("Cmd"));
    }

    public String workingDir() {
        return config.path("WorkingDir").asText("/");
    }

    public Map<String, String> env() {
        final Map<String, String> env = new LinkedHashMap<>();
        config.path("Env").forEach(pair -> {
            final String[] parts = pair.asText().split("=", 2);
            env.put(parts[0], parts.length > 1 ? parts[1] : "");
        });
        return env;
    }

    public Set<String> exposedPorts() {
        return new TreeSet<>(fieldNames(config.path("ExposedPorts")));
    }

    public Set<String> volumes() {
        return new TreeSet<>(fieldNames(config.path("Volumes")));
    }

    /** A path inside the image's root filesystem. */
    public Path path(final String absolute) {
        return rootfs.resolve(absolute.substring(1));
    }

    /** A started container: its entrypoint process, stopped as an engine stops it. */
    public record Running(Process unshare) implements AutoCloseable {

        public boolean alive() {
            return unshare.isAlive();
        }

        /**
         * SIGTERM to the entrypoint, then up to 60 s for it to exit. The signal goes to the
         * entrypoint itself (PID 1 in its namespace), as {@code docker stop} sends it: unshare
         * does not pass signals on.
         */
        @Override
        public void close() throws InterruptedException {
            unshare.descendants().forEach(ProcessHandle::destroy);
            if (!unshare.waitFor(60, TimeUnit.SECONDS)) {
                unshare.descendants().forEach(ProcessHandle::destroyForcibly);
                unshare.destroyForcibly();
                throw new IllegalStateException("the container did not stop within 60 s of SIGTERM");
            }
        }
    }

    /** Starts the entrypoint with the image's default arguments, its output to {@code log}. */
    public Running start(final Path log) throws IOException {
        Files.createDirectories(path("/proc"));
        final List<String> command = new ArrayList<>(List.of("unshare"));
        if (!runsAsItsUser()) {
            command.add("--map-root-user");
        }
        command.addAll(List.of("--mount", "--pid", "--fork", "--kill-child=SIGTERM", "--mount-proc=/proc",
                "--root=" + rootfs, "--wd=" + workingDir()));
        if (runsAsItsUser() && user().contains(":")) {
            command.addAll(List.of("--setgid=" + user().split(":")[1], "--setuid=" + user().split(":")[0]));
        }
        command.addAll(entrypoint());
        command.addAll(cmd());
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env());
        return new Running(builder.start());
    }

    /**
     * True when {@link #start} runs the entrypoint as the image's user: only root may switch to
     * it; anyone else gets a user namespace with their own uid mapped to its root.
     */
    public static boolean runsAsItsUser() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
    }

    private static List<String> fieldNames(final JsonNode object) {
        final List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void run(final String... command) throws IOException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
