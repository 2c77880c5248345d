package org.ovm.rest.internal.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ovm.core.host.ClusterRequest;
import org.ovm.core.host.HostRequest;
import org.ovm.core.host.ZoneRequest;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.placement.PlacementPolicyRequest;
import org.ovm.core.quota.VdcRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Strict typing of request bodies (review F13): what is refused and what the refusal says. */
class OvmJsonProviderTest {

    private static final ObjectMapper JSON = OvmJsonProvider.mapper();

    private static JsonExceptionMapper.Refusal refusal(String json, Class<?> type) {
        try {
            JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            return JsonExceptionMapper.describe(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"cpus\":1.9}                 | cpus      | field 'cpus': expected an integer, got 1.9",
        "{\"memoryMiB\":-0.5}           | memoryMiB | field 'memoryMiB': expected an integer, got -0.5",
        "{\"memoryMiB\":64.0}           | memoryMiB | field 'memoryMiB': expected an integer, got 64.0",
        "{\"cpus\":\"1\"}               | cpus      | field 'cpus': expected an integer, got \"1\"",
        "{\"cpus\":true}                | cpus      | field 'cpus': expected an integer",
        "{\"start\":\"true\"}           | start     | field 'start': expected true or false, got \"true\"",
        "{\"start\":1}                  | start     | field 'start': expected true or false",
        "{\"name\":12}                  | name      | field 'name': expected a string, got 12",
        "{\"name\":false}               | name      | field 'name': expected a string",
        "{\"name\":{\"a\":1}}           | name      | field 'name': expected a string, got an object",
        "{\"hostIds\":[\"h1\",7]}       | hostIds[1] | field 'hostIds[1]': expected a string, got 7",
        "{\"nics\":[{\"networkId\":3}]} | nics[0].networkId | field 'nics[0].networkId': expected a string, got 3",
    })
    void refusesWrongTypesInAnInstanceRequest(String json, String field, String detail) {
        JsonExceptionMapper.Refusal refusal = refusal(json, InstanceRequest.class);
        assertThat(refusal.field()).isEqualTo(field);
        assertThat(refusal.detail()).startsWith(detail);
    }

    @Test
    void refusesFractionsAndStringsInQuotas() {
        assertThat(refusal("{\"name\":\"q1\",\"quota\":{\"instances\":3.7}}", VdcRequest.class).detail())
                .isEqualTo("field 'quota.instances': expected an integer, got 3.7");
        assertThat(refusal("{\"name\":\"q1\",\"quota\":{\"instances\":\"7\"}}", VdcRequest.class).detail())
                .isEqualTo("field 'quota.instances': expected an integer, got \"7\"");
        assertThat(refusal("{\"name\":\"q1\",\"quota\":{\"memoryMiB\":-0.5}}", VdcRequest.class).field())
                .isEqualTo("quota.memoryMiB");
    }

    @Test
    void refusesNumbersWhereStringsAreMeant() {
        assertThat(refusal("{\"name\":18446744073709551616}", ZoneRequest.class).detail())
                .isEqualTo("field 'name': expected a string, got 18446744073709551616");
        assertThat(refusal("{\"name\":\"z\",\"description\":-9223372036854775808}", ZoneRequest.class).field())
                .isEqualTo("description");
        assertThat(refusal("{\"name\":\"h\",\"settings\":{\"allowInsecure\":true}}", HostRequest.class).detail())
                .isEqualTo("field 'settings.allowInsecure': expected a string, got true");
    }

    @Test
    void refusedStringsAreShownShortAndEscaped() {
        assertThat(refusal("{\"cpus\":\"a\\u0001b\"}", InstanceRequest.class).detail())
                .isEqualTo("field 'cpus': expected an integer, got \"a\\u0001b\"");
        assertThat(refusal("{\"cpus\":\"" + "9".repeat(100) + "\"}", InstanceRequest.class).detail())
                .endsWith("got \"" + "9".repeat(40) + "...\"");
    }

    @Test
    void acceptsWhatIsTypedRight() throws Exception {
        InstanceRequest request = JSON.readValue("{\"name\":\"vm1\",\"cpus\":2,\"memoryMiB\":128,\"start\":true,"
                + "\"hostIds\":[\"a\"]}", InstanceRequest.class);
        assertThat(request.cpus()).isEqualTo(2);
        assertThat(request.memoryMiB()).isEqualTo(128L);
        assertThat(request.start()).isTrue();
        // an integer is a number: overcommit ratios may be written 2 as well as 2.0
        assertThat(JSON.readValue("{\"name\":\"c\",\"cpuOvercommit\":2}", ClusterRequest.class).cpuOvercommit())
                .isEqualTo(2.0);
        assertThat(JSON.readValue("{\"name\":\"p\",\"scorers\":{\"spread\":3}}", PlacementPolicyRequest.class)
                .scorers()).isEqualTo(Map.of("spread", 3));
    }

    @Test
    void refusesStringsForDoublesAndFractionsForIntegerMapValues() {
        assertThat(refusal("{\"name\":\"c\",\"cpuOvercommit\":\"2\"}", ClusterRequest.class).detail())
                .isEqualTo("field 'cpuOvercommit': expected a number, got \"2\"");
        assertThat(refusal("{\"name\":\"p\",\"scorers\":{\"spread\":1.5}}", PlacementPolicyRequest.class).detail())
                .isEqualTo("field 'scorers.spread': expected an integer, got 1.5");
    }

    @Test
    void unknownFieldsAndMalformedJsonStillSaySo() {
        assertThat(refusal("{\"nam\":\"x\"}", ZoneRequest.class).detail()).startsWith("unknown field 'nam'");
        assertThatThrownBy(() -> JSON.readValue("{\"name\":", ZoneRequest.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThat(refusal("{\"name\":", ZoneRequest.class).detail()).startsWith("malformed JSON");
    }
}
