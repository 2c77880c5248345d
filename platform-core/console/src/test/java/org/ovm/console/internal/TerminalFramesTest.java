package org.ovm.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalFramesTest {

    @Test
    void keystrokesWithEscapes() {
        TerminalFrames.Frame f = TerminalFrames.parse("{\"type\":\"input\",\"data\":\"echo \\\"hi\\\"\\r\\u001b[A\\\\\"}");
        assertThat(f.type()).isEqualTo("input");
        assertThat(f.data()).isEqualTo("echo \"hi\"\r\u001b[A\\");
    }

    @Test
    void resizeWithSpacesInAnyOrder() {
        TerminalFrames.Frame f = TerminalFrames.parse(" { \"rows\" : 32 , \"type\":\"resize\", \"cols\":120 } ");
        assertThat(f).isEqualTo(new TerminalFrames.Frame("resize", null, 120, 32));
    }

    @Test
    void anythingElseIsIgnored() {
        assertThat(TerminalFrames.parse(null)).isNull();
        assertThat(TerminalFrames.parse("")).isNull();
        assertThat(TerminalFrames.parse("ls\r")).as("raw keystrokes are not a frame").isNull();
        assertThat(TerminalFrames.parse("{\"type\":\"input\"}")).isNull();
        assertThat(TerminalFrames.parse("{\"type\":\"input\",\"data\":5}")).isNull();
        assertThat(TerminalFrames.parse("{\"type\":\"resize\",\"cols\":0,\"rows\":10}")).isNull();
        assertThat(TerminalFrames.parse("{\"type\":\"resize\",\"cols\":99999,\"rows\":10}")).isNull();
        assertThat(TerminalFrames.parse("{\"type\":\"input\",\"data\":\"x\"} trailing")).isNull();
        assertThat(TerminalFrames.parse("{\"type\":\"input\",\"data\":\"unterminated}")).isNull();
        assertThat(TerminalFrames.parse("{\"type\":\"input\",\"data\":\"\\q\"}")).isNull();
        assertThat(TerminalFrames.parse("{\"type\":\"input\",\"data\":\"" + "x".repeat(TerminalFrames.MAX_MESSAGE)
                + "\"}")).as("too long").isNull();
    }
}
