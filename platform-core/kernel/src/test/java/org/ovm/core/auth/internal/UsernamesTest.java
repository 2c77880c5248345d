package org.ovm.core.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** User names compare without case (review F15): Admin is admin. */
class UsernamesTest {

    private static final Function<String, String> SELF = Function.identity();

    @Test
    void namesDifferingOnlyInCaseAreOneName() {
        assertThat(Usernames.key("Admin")).isEqualTo(Usernames.key("admin")).isEqualTo(Usernames.key("ADMIN"));
        assertThat(Usernames.key("b_vadm.2")).isEqualTo("b_vadm.2");
    }

    @Test
    void aLookupFindsTheAccountWhateverTheCase() {
        assertThat(Usernames.pick(List.of("admin"), SELF, "ADMIN")).isEqualTo("admin");
        assertThat(Usernames.pick(List.of("admin"), SELF, "admin")).isEqualTo("admin");
        assertThat(Usernames.pick(List.<String>of(), SELF, "admin")).isNull();
    }

    @Test
    void olderAccountsDifferingInCaseResolveExactlyOrNotAtAll() {
        List<String> both = List.of("admin", "Admin");
        assertThat(Usernames.pick(both, SELF, "Admin")).isEqualTo("Admin");
        assertThat(Usernames.pick(both, SELF, "admin")).isEqualTo("admin");
        assertThat(Usernames.pick(both, SELF, "ADMIN")).isNull();
    }

    @Test
    void aTakenNameSaysNothingMore() {
        assertThat(Usernames.TAKEN).isEqualTo("the user name is not available");
    }
}
