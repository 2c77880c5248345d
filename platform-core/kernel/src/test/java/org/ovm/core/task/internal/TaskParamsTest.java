package org.ovm.core.task.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.core.instance.internal.InstanceParams;
import org.ovm.core.internal.support.Json;
import org.ovm.core.storage.internal.StorageParams;

/** Task parameters are records stored as the string map tasks always had. */
class TaskParamsTest {

    private static StepContext context(Map<String, String> params) {
        return new StepContext("t1", "r1", "admin", params, new LinkedHashMap<>(), null, false);
    }

    @Test
    void aRecordGoesThroughTheStoredFormatUnchanged() {
        InstanceParams.Create create = new InstanceParams.Create(true, 4L, "img", null, "pool", "linked",
                4L << 30, "web-disk0.qcow2", "qcow2");
        Map<String, String> stored = Json.read(Json.write(Json.toStrings(create)));
        assertThat(stored).containsEntry("start", "true").containsEntry("diskBytes", String.valueOf(4L << 30))
                .doesNotContainKey("isoImageId");
        assertThat(context(stored).params(InstanceParams.Create.class)).isEqualTo(create);
        InstanceParams.Create withGuest = create.withGuestOs("ubuntu64Guest");
        Map<String, String> storedWithGuest = Json.read(Json.write(Json.toStrings(withGuest)));
        assertThat(storedWithGuest).containsEntry("guestOs", "ubuntu64Guest");
        assertThat(context(storedWithGuest).params(InstanceParams.Create.class)).isEqualTo(withGuest);
    }

    @Test
    void theStringMapOfAnOlderEngineResumesIntoTheRecord() {
        // as an engine before typed parameters wrote it: every value a string, no volumeFormat, extra keys
        Map<String, String> older = Map.of("start", "false", "quotaDiskGiB", "1", "imageId", "t1",
                "storagePoolId", "p1", "cloneMode", "full", "diskBytes", "1073741824", "volumeName",
                "web-disk0.qcow2", "unknown", "ignored");
        InstanceParams.Create create = context(older).params(InstanceParams.Create.class);
        assertThat(create.start()).isFalse();
        assertThat(create.diskBytes()).isEqualTo(1L << 30);
        assertThat(create.cloneMode()).isEqualTo("full");
        assertThat(create.volumeFormat()).isNull();
        assertThat(create.guestOs()).as("engines before guest OS ids wrote none").isNull();
        InstanceParams.Stop stop = context(Map.of("backendId", "b", "force", "true"))
                .params(InstanceParams.Stop.class);
        assertThat(stop).isEqualTo(new InstanceParams.Stop("b", true, null));
    }

    @Test
    void aJsonValuedComponentStaysAString() {
        StorageParams.ImageRegister register = new StorageParams.ImageRegister("tiny", "template", "qcow2", "p1",
                "tiny.qcow2", "{\"kernel\":\"/boot/vmlinuz\"}");
        assertThat(context(Json.read(Json.write(Json.toStrings(register)))).params(StorageParams.ImageRegister.class))
                .isEqualTo(register);
    }

    @Test
    void noParametersIsAnEmptyMap() {
        assertThat(Json.toStrings(TaskParams.NONE)).isEmpty();
    }
}
