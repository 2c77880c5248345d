package org.ovm.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmException;

class EventFormatTest {

    private static final EventView EVENT = new EventView("e1", "2026-12-01T10:00:00Z", "user/created", "u1", "admin",
            "127.0.0.1", "SUCCEEDED", null, "user \"bob\", of VDC x\r\ncreated");

    @Test
    void csvHasAHeaderAndQuotesCommasQuotesAndLineBreaks() {
        assertThat(EventFormat.CSV.header()).isEqualTo("id,time,topic,resourceId,user,source,outcome,vdcId,message\r\n");
        assertThat(EventFormat.CSV.line(EVENT)).isEqualTo("e1,2026-12-01T10:00:00Z,user/created,u1,admin,127.0.0.1,"
                + "SUCCEEDED,,\"user \"\"bob\"\", of VDC x\r\ncreated\"\r\n");
    }

    @Test
    void csvFieldsAreQuotedOnlyWhenNeeded() {
        assertThat(EventFormat.csv(null)).isEmpty();
        assertThat(EventFormat.csv("plain text")).isEqualTo("plain text");
        assertThat(EventFormat.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(EventFormat.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(EventFormat.csv("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(EventFormat.csv("cr\ronly")).isEqualTo("\"cr\ronly\"");
    }

    @Test
    void csvDefusesSpreadsheetFormulas() {
        assertThat(EventFormat.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(EventFormat.csv("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
    }

    @Test
    void jsonLinesEscapeAndKeepNulls() {
        assertThat(EventFormat.JSONL.header()).isEmpty();
        assertThat(EventFormat.JSONL.line(EVENT)).isEqualTo("{\"id\":\"e1\",\"time\":\"2026-12-01T10:00:00Z\","
                + "\"topic\":\"user/created\",\"resourceId\":\"u1\",\"user\":\"admin\",\"source\":\"127.0.0.1\","
                + "\"outcome\":\"SUCCEEDED\",\"vdcId\":null,\"message\":\"user \\\"bob\\\", of VDC x\\r\\ncreated\"}\n");
        assertThat(EventFormat.json("tab\there\u0001")).isEqualTo("\"tab\\there\\u0001\"");
    }

    @Test
    void formatNames() {
        assertThat(EventFormat.of(null)).isEqualTo(EventFormat.JSONL);
        assertThat(EventFormat.of("CSV")).isEqualTo(EventFormat.CSV);
        assertThat(EventFormat.of("jsonl").mediaType()).isEqualTo("application/x-ndjson");
        assertThatThrownBy(() -> EventFormat.of("xml")).isInstanceOf(OvmException.class).hasMessageContaining("jsonl");
    }
}
