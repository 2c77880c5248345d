package org.ovm.plugin.docker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.ImageInfo;
import org.ovm.spi.hypervisor.ImageSupport;
import org.ovm.spi.hypervisor.RegistryAuth;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;

/** The engine's images: list, inspect, pull (with progress), import and remove. */
final class DockerImages {

    private final Engines engines;

    DockerImages(Engines engines) {
        this.engines = engines;
    }

    CompletionStage<List<ImageInfo>> list(OperationContext ctx, HostEndpoint host) {
        return Async.call(ctx, "listing images", () -> {
            List<ImageInfo> out = new ArrayList<>();
            for (Image i : engines.of(host).api().listImagesCmd().exec()) {
                List<String> refs = i.getRepoTags() == null ? List.of()
                        : Arrays.stream(i.getRepoTags()).filter(t -> !t.equals("<none>:<none>")).toList();
                String created = i.getCreated() == null ? null : Instant.ofEpochSecond(i.getCreated()).toString();
                out.add(new ImageInfo(i.getId(), refs, i.getSize() == null ? 0 : i.getSize(), created, Map.of()));
            }
            return out;
        });
    }

    CompletionStage<Optional<ImageInfo>> find(OperationContext ctx, HostEndpoint host, String reference) {
        return Async.call(ctx, "inspecting image " + reference, () -> inspect(engines.of(host).api(), reference));
    }

    static Optional<ImageInfo> inspect(DockerClient docker, String reference) {
        InspectImageResponse i;
        try {
            i = docker.inspectImageCmd(reference).exec();
        } catch (RuntimeException e) {
            if (DockerErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, String> details = new HashMap<>();
        if (i.getArch() != null) {
            details.put("architecture", i.getArch());
        }
        if (i.getOs() != null) {
            details.put("os", i.getOs());
        }
        if (i.getConfig() != null && i.getConfig().getCmd() != null) {
            details.put("command", String.join(" ", i.getConfig().getCmd()));
        }
        return Optional.of(new ImageInfo(i.getId(), i.getRepoTags() == null ? List.of() : i.getRepoTags(),
                i.getSize() == null ? 0 : i.getSize(), i.getCreated(), details));
    }

    CompletionStage<ImageInfo> pull(OperationContext ctx, HostEndpoint host, String reference, RegistryAuth auth,
            ImageSupport.Progress progress) {
        return Async.call(ctx, "pulling " + reference, () -> {
            DockerClient docker = engines.of(host).streams();
            var cmd = docker.pullImageCmd(reference);
            if (auth != null) {
                cmd.withAuthConfig(new AuthConfig().withRegistryAddress(auth.server()).withUsername(auth.username())
                        .withPassword(auth.password()));
            }
            PullProgress callback = cmd.exec(new PullProgress(progress));
            try {
                if (!callback.awaitCompletion(Math.max(1, ctx.remaining().toSeconds()), TimeUnit.SECONDS)) {
                    callback.close();
                    throw new DriverException(ErrorCode.TIMEOUT, "pulling " + reference + " did not finish in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(ErrorCode.TIMEOUT, "pulling " + reference + " was interrupted");
            } catch (java.io.IOException e) {
                throw new DriverException(ErrorCode.BACKEND_FAILURE, "pulling " + reference + ": " + e.getMessage());
            }
            callback.rethrow();
            progress.report(100, "pulled " + reference);
            return inspect(docker, reference).orElseThrow(() -> new DriverException(ErrorCode.BACKEND_FAILURE,
                    "pulled " + reference + " but the engine does not show it"));
        });
    }

    CompletionStage<ImageInfo> importImage(OperationContext ctx, HostEndpoint host, String reference,
            InputStream tarball) {
        return Async.call(ctx, "importing " + reference, () -> {
            Engines.Engine engine = engines.of(host);
            int colon = reference.lastIndexOf(':');
            boolean tagged = colon > reference.lastIndexOf('/');
            String repository = tagged ? reference.substring(0, colon) : reference;
            String tag = tagged ? reference.substring(colon + 1) : "latest";
            // docker-java's createImageCmd sends its stream as JSON (docker-java#2377): post the tarball directly
            DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path("/v" + Engines.API_VERSION + "/images/create?fromSrc=-&repo="
                            + URLEncoder.encode(repository, StandardCharsets.UTF_8) + "&tag="
                            + URLEncoder.encode(tag, StandardCharsets.UTF_8))
                    .putHeader("Content-Type", "application/x-tar").body(tarball).build();
            try (DockerHttpClient.Response response = engine.http().execute(request)) {
                String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
                if (response.getStatusCode() != 200 || body.contains("\"error\"")) {
                    throw new DriverException(ErrorCode.INVALID, "the engine refused the tarball: "
                            + body.replaceAll("\\s+", " ").trim());
                }
            } catch (IOException e) {
                throw new DriverException(ErrorCode.UNREACHABLE, "sending the tarball failed: " + e.getMessage(), true,
                        e);
            }
            return inspect(engine.api(), repository + ":" + tag).orElseThrow(() -> new DriverException(
                    ErrorCode.INVALID, "the engine did not make an image of the tarball"));
        });
    }

    CompletionStage<Void> remove(OperationContext ctx, HostEndpoint host, String image) {
        return Async.run(ctx, "removing image " + image, () -> {
            try {
                engines.of(host).api().removeImageCmd(image).exec();
            } catch (RuntimeException e) {
                if (!DockerErrors.notFound(e)) {
                    throw e;
                }
            }
        });
    }

    /** Follows a pull: progress over all layers' bytes; remembers an error the stream reported. */
    private static final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {

        private final ImageSupport.Progress progress;
        private final Map<String, long[]> layers = new HashMap<>();
        private volatile String error;
        private int lastPercent = -1;

        PullProgress(ImageSupport.Progress progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                error = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError();
                return;
            }
            if (item.getId() != null && item.getProgressDetail() != null && item.getProgressDetail().getTotal() != null
                    && item.getProgressDetail().getTotal() > 0) {
                long current = item.getProgressDetail().getCurrent() == null ? 0 : item.getProgressDetail().getCurrent();
                boolean download = "Downloading".equals(item.getStatus());
                synchronized (layers) {
                    long[] l = layers.computeIfAbsent(item.getId(), k -> new long[2]);
                    if (download) {
                        l[0] = current;
                        l[1] = item.getProgressDetail().getTotal();
                    }
                }
            } else if (item.getId() != null && ("Download complete".equals(item.getStatus())
                    || "Pull complete".equals(item.getStatus()) || "Already exists".equals(item.getStatus()))) {
                synchronized (layers) {
                    long[] l = layers.computeIfAbsent(item.getId(), k -> new long[] {1, 1});
                    l[0] = l[1];
                }
            }
            report(item.getStatus() == null ? "" : (item.getId() == null ? "" : item.getId() + ": ") + item.getStatus());
        }

        private void report(String message) {
            long done = 0;
            long total = 0;
            synchronized (layers) {
                for (long[] l : layers.values()) {
                    done += l[0];
                    total += l[1];
                }
            }
            int percent = total == 0 ? 0 : (int) Math.min(99, done * 100 / total);
            if (percent != lastPercent) {
                lastPercent = percent;
                progress.report(percent, message);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable.getMessage();
            super.onError(throwable);
        }

        void rethrow() {
            if (error != null) {
                String lower = error.toLowerCase(java.util.Locale.ROOT);
                ErrorCode code = lower.contains("not found") || lower.contains("manifest unknown")
                        ? ErrorCode.NOT_FOUND
                        : lower.contains("unauthorized") || lower.contains("denied") ? ErrorCode.UNAUTHORIZED
                        : lower.contains("connection refused") || lower.contains("no such host")
                                || lower.contains("timeout") ? ErrorCode.UNREACHABLE : ErrorCode.BACKEND_FAILURE;
                throw new DriverException(code, error);
            }
        }
    }
}
