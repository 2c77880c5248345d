package org.ovm.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypesTest {

    @Test
    void knownOrAbsentCharsetsPassAndUnknownOnesAreNamed() {
        assertThat(ContentTypes.charsetProblem(null)).isNull();
        assertThat(ContentTypes.charsetProblem("application/json")).isNull();
        assertThat(ContentTypes.charsetProblem("application/json; charset=UTF-8")).isNull();
        assertThat(ContentTypes.charsetProblem("application/json;charset=\"utf-16\"")).isNull();
        assertThat(ContentTypes.charsetProblem("application/json; charset=ebcdic")).contains("'ebcdic'", "UTF-8");
        assertThat(ContentTypes.charsetProblem("application/json; charset=")).contains("unknown charset");
        assertThat(ContentTypes.charsetProblem("application/json; charset=@@@")).contains("'@@@'");
    }

    @Test
    void uploadsAreOctetStreamsAndTarballs() {
        assertThat(ContentTypes.isUpload("application/octet-stream")).isTrue();
        assertThat(ContentTypes.isUpload(" Application/X-Tar")).isTrue();
        assertThat(ContentTypes.isUpload("application/json")).isFalse();
        assertThat(ContentTypes.isUpload(null)).isFalse();
    }
}
