package org.ovm.core.internal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"web1", "db.primary", "a_b-c", "X"})
    void acceptsNames(String name) {
        assertThat(Ids.requireName("name", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", "-leading", "semi;colon", "../etc",
        "0123456789012345678901234567890123456789012345678901234567890123"})
    void refusesNamesNamingTheField(String name) {
        assertThatThrownBy(() -> Ids.requireName("name", name)).isInstanceOf(OvmException.class)
                .extracting(e -> ((OvmException) e).field()).isEqualTo("name");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001})
    void pageLimitsAreBounded(int limit) {
        assertThatThrownBy(() -> new PageRequest(limit, 0)).isInstanceOf(OvmException.class)
                .extracting(e -> ((OvmException) e).field()).isEqualTo("limit");
    }
}
