package org.ovm.core.image;

import java.io.InputStream;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.task.TaskView;

/**
 * The image center: templates and ISOs in storage pools, and the container images container
 * hosts keep. Everyone may list; admins register, pull, import and delete.
 */
public interface ImageService {

    /**
     * Filters: {@code name}, {@code kind} ({@code template}, {@code iso}, {@code container}), {@code poolId}
     * (templates and ISOs), {@code hostId} (container images on that host).
     */
    Page<ImageView> list(Caller caller, Filters filters, PageRequest page);

    ImageView get(Caller caller, String id);

    /**
     * Starts a task that inspects the file in its pool and registers it: refused if its format
     * differs from the declared one or its header names a backing file.
     */
    TaskView register(Caller caller, ImageRequest request);

    /**
     * Stores an uploaded file in a pool and registers it, checking its header first: the format
     * must match and an image must be self-contained (no backing or external data file). Nothing is left
     * behind when it is refused.
     *
     * @param sizeBytes the exact length of {@code data}
     */
    ImageView upload(Caller caller, ImageUpload upload, long sizeBytes, InputStream data);

    /** Removes the image record (the file stays in its pool); 409 while volumes are linked clones of it. */
    void delete(Caller caller, String id);

    /**
     * Removes a container image from one host, or from every host that has it ({@code hostId}
     * null); 409 while a container uses it. For templates and ISOs as {@link #delete(Caller, String)}.
     */
    void delete(Caller caller, String id, String hostId);

    /**
     * Starts a task that pulls a container image onto a host or every UP container host of a
     * cluster; the task shows the pull's progress.
     */
    TaskView pull(Caller caller, ImagePullRequest request);

    /**
     * Imports a tarball of a root file system as a container image named {@code reference} on a
     * container host, reading {@code data} to its end.
     */
    ImageView importImage(Caller caller, String hostId, String reference, InputStream data);
}
