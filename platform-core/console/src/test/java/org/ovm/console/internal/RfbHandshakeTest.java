package org.ovm.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RfbHandshakeTest {

    private static final byte[] VERSION = RfbHandshake.VERSION.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHALLENGE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** What QEMU sends: its version, the security types, then the challenge. */
    private static ByteArrayInputStream console(byte... types) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(VERSION);
        out.write(types.length);
        out.writeBytes(types);
        out.writeBytes(CHALLENGE);
        return new ByteArrayInputStream(out.toByteArray());
    }

    private static ByteBuffer bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return ByteBuffer.wrap(out);
    }

    @Test
    void theProxyAnswersTheChallengeAndTheBrowserSeesNoAuthentication() throws Exception {
        RfbHandshake handshake = new RfbHandshake("Secret12", 5);
        // noVNC's bytes may come before they are asked for, split or joined
        assertThat(handshake.hold(ByteBuffer.wrap(RfbHandshake.VERSION.substring(0, 5).getBytes(StandardCharsets.US_ASCII)))).isTrue();
        handshake.hold(ByteBuffer.wrap(RfbHandshake.VERSION.substring(5).getBytes(StandardCharsets.US_ASCII)));
        handshake.hold(bytes(1, 1)); // None, then ClientInit (shared) right away
        List<byte[]> toBrowser = new ArrayList<>();
        ByteArrayOutputStream toConsole = new ByteArrayOutputStream();
        handshake.run(console((byte) 2), toBrowser::add, toConsole::writeBytes);

        assertThat(toBrowser).hasSize(2);
        assertThat(toBrowser.get(0)).isEqualTo(VERSION);
        assertThat(toBrowser.get(1)).containsExactly(1, 1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(VERSION);
        expected.write(2);
        expected.writeBytes(VncAuthentication.response("Secret12", CHALLENGE));
        expected.write(1); // the held ClientInit, after the answer
        assertThat(toConsole.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(handshake.hold(bytes(3))).as("afterwards bytes go straight through").isFalse();
    }

    @Test
    void theDesResponseMirrorsEachPasswordByteAndDependsOnIt() {
        byte[] a = VncAuthentication.response("Secret12", CHALLENGE);
        assertThat(a).hasSize(16).isNotEqualTo(CHALLENGE);
        assertThat(VncAuthentication.response("Secret13", CHALLENGE)).isNotEqualTo(a);
        assertThat(VncAuthentication.response("Secret12andMore", CHALLENGE)).as("VNC uses 8 characters").isEqualTo(a);
    }

    @Test
    void whatTheProxyCannotHandleIsRefusedWithAReason() {
        RfbHandshake noAuth = new RfbHandshake("pw", 5);
        noAuth.hold(ByteBuffer.wrap(VERSION));
        assertThatThrownBy(() -> noAuth.run(console((byte) 1), b -> { }, b -> { }))
                .isInstanceOf(RfbHandshake.Refused.class).hasMessageContaining("does not ask for VNC authentication");

        RfbHandshake old = new RfbHandshake("pw", 5);
        old.hold(ByteBuffer.wrap("RFB 003.003\n".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> old.run(console((byte) 2), b -> { }, b -> { }))
                .isInstanceOf(RfbHandshake.Refused.class).hasMessageContaining("RFB 3.8 only");

        RfbHandshake silent = new RfbHandshake("pw", 1);
        assertThatThrownBy(() -> silent.run(console((byte) 2), b -> { }, b -> { }))
                .isInstanceOf(RfbHandshake.Refused.class).hasMessageContaining("did not answer");
    }
}
