package org.ovm.core.instance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmException;

class InstanceTagsTest {

    @Test
    void keepsOrderDropsRepeatsAndRoundTripsThroughTheColumn() {
        List<String> tags = InstanceTags.check(List.of("web", "prod.eu-1", "web", "A_b"));

        assertThat(tags).containsExactly("web", "prod.eu-1", "A_b");
        assertThat(InstanceTags.encode(tags)).isEqualTo(",web,prod.eu-1,A_b,");
        assertThat(InstanceTags.decode(InstanceTags.encode(tags))).isEqualTo(tags);
        assertThat(InstanceTags.encode(List.of())).isNull();
        assertThat(InstanceTags.decode(null)).isEmpty();
    }

    @Test
    void refusesBadTagsNamingTheField() {
        for (String bad : Arrays.asList("", "has space", "a,b", "x".repeat(33), "50%", null)) {
            List<String> tags = new ArrayList<>();
            tags.add(bad);
            assertThatThrownBy(() -> InstanceTags.check(tags)).as(String.valueOf(bad))
                    .isInstanceOf(OvmException.class)
                    .satisfies(e -> assertThat(((OvmException) e).field()).isEqualTo("tags"));
        }
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= InstanceTags.MAX_TAGS; i++) {
            many.add("t" + i);
        }
        assertThatThrownBy(() -> InstanceTags.check(many)).hasMessageContaining("at most 16");
    }

    @Test
    void theFilterEscapesTheUnderscoreAndRefusesWhatCannotBeATag() {
        assertThat(InstanceTags.filter("a_b").pattern()).isEqualTo("%,a!_b,%");
        assertThatThrownBy(() -> InstanceTags.filter("a,b")).isInstanceOf(OvmException.class)
                .satisfies(e -> assertThat(((OvmException) e).field()).isEqualTo("tag"));
    }
}
