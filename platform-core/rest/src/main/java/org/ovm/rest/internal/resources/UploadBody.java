package org.ovm.rest.internal.resources;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An upload's request body, counted: a client that stops sending before its declared
 * {@code Content-Length} (it closed the connection, or went silent until the server's idle
 * timeout) shows as a read failing with "the upload ended after N of M bytes", and the body is
 * then known to have {@link #ended() ended} early, so the answer is a 400 saying so rather than
 * whatever the failed read led to.
 */
final class UploadBody extends FilterInputStream {

    private final long declared;
    private long read;
    private boolean ended;

    UploadBody(InputStream body, long declared) {
        super(body);
        this.declared = declared;
    }

    @Override
    public int read() throws IOException {
        int b = guarded(() -> super.read());
        if (b >= 0) {
            read++;
        } else {
            atEnd();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = guarded(() -> super.read(buffer, offset, length));
        if (n > 0) {
            read += n;
        } else if (n < 0) {
            atEnd();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = guarded(() -> (int) Math.min(Integer.MAX_VALUE, super.skip(n)));
        read += skipped;
        return skipped;
    }

    /** Whether the body ended, or failed, before the declared length. */
    boolean ended() {
        return ended;
    }

    /** What the client is told when the body {@link #ended()}. */
    String endedMessage() {
        return "the upload ended after " + read + " of " + declared + " bytes";
    }

    private void atEnd() {
        if (declared >= 0 && read < declared) {
            ended = true;
        }
    }

    private interface Read {
        int run() throws IOException;
    }

    /** A read the server could not complete (early EOF, idle timeout, reset) ends the upload. */
    private int guarded(Read read) throws IOException {
        try {
            return read.run();
        } catch (IOException | RuntimeException e) {
            ended = true;
            throw new IOException(endedMessage(), e);
        }
    }
}
