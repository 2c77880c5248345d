package org.ovm.core.internal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;

/** Free text that reaches libvirt XML and other backends (review F11). */
class ChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0001b", "a\u001fb", "a\u000bb", "a\u000cb", "a\uffffb", "a\ufffeb",
        "a\ud800b", "a\udc00b", "ab\ud83d"})
    void refusesWhatXmlCannotCarry(String text) {
        assertThatThrownBy(() -> Checks.requireText("description", text, 1000))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.INVALID_INPUT);
                    assertThat(e.field()).isEqualTo("description");
                    assertThat(e.getMessage()).startsWith("description contains ").contains("U+")
                            .doesNotContain(text);
                });
    }

    @Test
    void saysWhichCharacterAndWhere() {
        assertThatThrownBy(() -> Checks.requireText("description", "a\u0001b", 1000))
                .hasMessage("description contains a control character (U+0001) at position 2; free text may hold "
                        + "printable characters, tabs and line breaks");
        assertThatThrownBy(() -> Checks.requireText("labels.x", "ok\ud800", 1000))
                .hasMessageStartingWith("labels.x contains an unpaired surrogate (U+D800) at position 3");
        assertThatThrownBy(() -> Checks.requireText("description", "\uffff", 1000))
                .hasMessageStartingWith("description contains a noncharacter (U+FFFF) at position 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "tab\tnew\nline\r\n", "</description><memory>", "emoji \ud83d\ude00 ok",
        "CJK 漢字", "\u007f\u0085\u200e", "\ufffd"})
    void acceptsPrintableTextTabsAndLineBreaks(String text) {
        assertThat(Checks.requireText("description", text, 1000)).isEqualTo(text);
    }

    @Test
    void acceptsNullAndLimitsTheLength() {
        assertThat(Checks.requireText("description", null, 10)).isNull();
        assertThat(Checks.requireText("description", "x".repeat(10), 10)).hasSize(10);
        assertThatThrownBy(() -> Checks.requireText("description", "x".repeat(11), 10))
                .hasMessage("description is limited to 10 characters");
    }
}
