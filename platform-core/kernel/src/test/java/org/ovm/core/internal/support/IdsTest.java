package org.ovm.core.internal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.Role;

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

    /** Another tenant's names (review F15): a user learns the name is taken, not where or whose. */
    @Test
    void aTakenNameTellsOnlyAdminsWhere() {
        String detail = "an instance named 'vm1' already exists on host local-kvm";
        OvmException user = Ids.nameTaken(new Caller("a_user", Role.USER, "vdc-a"), "vm1", detail);
        OvmException vdcAdmin = Ids.nameTaken(new Caller("a_vadm", Role.VDC_ADMIN, "vdc-a"), "vm1", detail);
        assertThat(user.error()).isEqualTo(OvmError.CONFLICT);
        assertThat(user.field()).isEqualTo("name");
        assertThat(user.getMessage()).isEqualTo("the name 'vm1' is not available; choose another")
                .isEqualTo(vdcAdmin.getMessage()).doesNotContain("local-kvm");
        assertThat(Ids.nameTaken(Caller.SYSTEM, "vm1", detail).getMessage()).isEqualTo(detail);
    }
}
