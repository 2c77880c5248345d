package org.ovm.rest.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import org.junit.jupiter.api.Test;

/** An upload whose client stops before its Content-Length (review F14): told so, never a success. */
class UploadBodyTest {

    /** What Jetty's request input does when the client goes away mid-body. */
    private static InputStream brokenAfter(int bytes) {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Early EOF");
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(new byte[bytes]), failing);
    }

    @Test
    void aReadThatFailsEndsTheUploadSayingHowFarItGot() throws IOException {
        UploadBody body = new UploadBody(brokenAfter(196_608), 10_485_760);
        byte[] buffer = new byte[65536];
        for (int i = 0; i < 3; i++) {
            assertThat(body.readNBytes(buffer, 0, buffer.length)).isEqualTo(65536);
        }
        assertThat(body.ended()).isFalse();
        assertThatThrownBy(() -> body.read(buffer)).isInstanceOf(IOException.class)
                .hasMessage("the upload ended after 196608 of 10485760 bytes").hasRootCauseMessage("Early EOF");
        assertThat(body.ended()).isTrue();
        assertThat(body.endedMessage()).isEqualTo("the upload ended after 196608 of 10485760 bytes");
    }

    @Test
    void anEndBeforeTheDeclaredLengthEndsTheUpload() throws IOException {
        UploadBody body = new UploadBody(new ByteArrayInputStream(new byte[100]), 1000);
        assertThat(body.readAllBytes()).hasSize(100);
        assertThat(body.ended()).isTrue();
        assertThat(body.endedMessage()).isEqualTo("the upload ended after 100 of 1000 bytes");
    }

    @Test
    void aCompleteBodyHasNotEnded() throws IOException {
        UploadBody body = new UploadBody(new ByteArrayInputStream(new byte[1000]), 1000);
        assertThat(body.read()).isZero();
        assertThat(body.readAllBytes()).hasSize(999);
        assertThat(body.read()).isEqualTo(-1);
        assertThat(body.ended()).isFalse();
    }

    @Test
    void aFailureOnTheFirstByteEndsItToo() {
        UploadBody body = new UploadBody(brokenAfter(0), 50);
        assertThatThrownBy(body::read).hasMessage("the upload ended after 0 of 50 bytes");
        assertThat(body.ended()).isTrue();
    }
}
