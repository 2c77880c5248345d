package org.ovm.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawUriTest {

    @Test
    void ordinaryPathsAndQueriesPass() {
        assertThat(RawUri.problem("/api/v1/instances/0b7c-11", "limit=10&q=vm%7B1%7D")).isNull();
        assertThat(RawUri.problem("/api/v1/users/a@b:c;d=e!$'()*+,~", null)).isNull();
        assertThat(RawUri.problem("/", "")).isNull();
    }

    @Test
    void bracesAreRefusedWithTheirEncoding() {
        assertThat(RawUri.problem("/api/v1/clusters/{id}", null))
                .isEqualTo("the request path contains '{' at position 18: percent-encode it as %7B");
        assertThat(RawUri.problem("/api/v1/x", "a=}")).contains("query").contains("'}'").contains("%7D");
    }

    @Test
    void controlAndNonAsciiCharactersAndBadEscapesAreNamed() {
        assertThat(RawUri.problem("/api/v1/a b", null)).contains("' '").contains("%20");
        assertThat(RawUri.problem("/api/v1/a\u0001", null)).contains("U+0001");
        assertThat(RawUri.problem("/api/v1/%zz", null)).contains("'%'").contains("%25");
        assertThat(RawUri.problem("/api/v1/|", null)).contains("%7C");
    }

    @Test
    void encodedSlashesInApiPathsAreRefused() {
        assertThat(RawUri.apiProblem("/api/v1/plugins/..%2F..%2Fetc%2Fpasswd")).contains("%2F");
        assertThat(RawUri.apiProblem("/api/v1/plugins/a%5cb")).contains("%5C");
        assertThat(RawUri.apiProblem("/api/v1/zones/%7Bid%7D")).isNull();
    }
}
