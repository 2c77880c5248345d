package org.ovm.plugin.esxi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.ws.WSClient;

/**
 * Answers in a newer API than yavijava's classes: the stock client fails on them, the tolerant
 * one reads all it knows. (Against the real simulator's unfiltered answers: the plugin's ITs.)
 */
class TolerantClientTest {

    private static final String ENVELOPE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\" "
            + "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<soapenv:Body>%s</soapenv:Body></soapenv:Envelope>";

    /** A ServiceContent as ESXi 6.5+ sends it: managers yavijava 6.0 has no field for. */
    private static final String SERVICE_CONTENT = String.format(ENVELOPE,
            "<RetrieveServiceContentResponse xmlns=\"urn:vim25\"><returnval>"
                    + "<rootFolder type=\"Folder\">ha-folder-root</rootFolder>"
                    + "<propertyCollector type=\"PropertyCollector\">ha-property-collector</propertyCollector>"
                    + "<about><name>VMware ESXi</name><fullName>VMware ESXi 6.5.0 build-5969303</fullName>"
                    + "<vendor>VMware, Inc.</vendor><version>6.5.0</version><build>5969303</build>"
                    + "<apiType>HostAgent</apiType><apiVersion>6.5</apiVersion><productLineId>embeddedEsx</productLineId>"
                    + "<licenseProductName>VMware ESX Server</licenseProductName></about>"
                    + "<datastoreNamespaceManager type=\"DatastoreNamespaceManager\">ha-datastore-namespace-manager"
                    + "</datastoreNamespaceManager>"
                    + "<vStorageObjectManager type=\"HostVStorageObjectManager\">ha-vstorage-object-manager"
                    + "</vStorageObjectManager>"
                    + "<sessionManager type=\"SessionManager\">ha-sessionmgr</sessionManager>"
                    + "</returnval></RetrieveServiceContentResponse>");

    /** Properties of a host: one value of a type yavijava lacks, one nested field it lacks. */
    private static final String PROPERTIES = String.format(ENVELOPE,
            "<RetrievePropertiesResponse xmlns=\"urn:vim25\"><returnval>"
                    + "<obj type=\"HostSystem\">ha-host</obj>"
                    + "<propSet><name>name</name><val xsi:type=\"xsd:string\">localhost.localdomain</val></propSet>"
                    + "<propSet><name>runtime.futureFeature</name>"
                    + "<val xsi:type=\"HostFutureFeatureInfo\"><enabled>true</enabled></val></propSet>"
                    + "<propSet><name>summary.hardware</name><val xsi:type=\"HostHardwareSummary\">"
                    + "<vendor>VMware, Inc.</vendor><model>VMware Virtual Platform</model><uuid>abc</uuid>"
                    + "<memorySize>4294430720</memorySize><cpuModel>Intel(R) Core(TM) i7</cpuModel><cpuMhz>2294</cpuMhz>"
                    + "<numCpuPkgs>2</numCpuPkgs><numCpuCores>2</numCpuCores><numCpuThreads>2</numCpuThreads>"
                    + "<numNics>1</numNics><numHBAs>3</numHBAs><futureField>7</futureField></val></propSet>"
                    + "</returnval></RetrievePropertiesResponse>");

    /**
     * A VM's configuration as ESXi 7.0 and 8.0 answer it: members and device types of API 6.5 to
     * 8.0 (sgxInfo, guestMonitoringModeInfo, sevEnabled and the precision clock and watchdog
     * devices of 7.0, vmOpNotificationToAppEnabled of 8.0, the NVMe controller of 6.5) among
     * what API 6.0 knows.
     */
    private static final String VM_CONFIG_7_8 = String.format(ENVELOPE,
            "<RetrievePropertiesResponse xmlns=\"urn:vim25\"><returnval>"
                    + "<obj type=\"VirtualMachine\">12</obj>"
                    + "<propSet><name>config</name><val xsi:type=\"VirtualMachineConfigInfo\">"
                    + "<changeVersion>2026-01-01T00:00:00Z</changeVersion><modified>1970-01-01T00:00:00Z</modified>"
                    + "<name>web01</name><guestFullName>Ubuntu Linux (64-bit)</guestFullName><version>vmx-19</version>"
                    + "<uuid>4231a7c5-0c1d-4a4e-8e0c-0d3a2c1b0a99</uuid><template>false</template>"
                    + "<guestId>ubuntu64Guest</guestId><alternateGuestName></alternateGuestName>"
                    + "<files><vmPathName>[datastore1] web01/web01.vmx</vmPathName></files>"
                    + "<hardware><numCPU>2</numCPU><numCoresPerSocket>1</numCoresPerSocket>"
                    + "<autoCoresPerSocket>true</autoCoresPerSocket><memoryMB>2048</memoryMB>"
                    + "<device xsi:type=\"VirtualNVMEController\"><key>31000</key><busNumber>0</busNumber></device>"
                    + "<device xsi:type=\"VirtualPrecisionClock\"><key>19000</key></device>"
                    + "<device xsi:type=\"VirtualWDT\"><key>18000</key><runOnBoot>false</runOnBoot></device>"
                    + "<device xsi:type=\"VirtualVmxnet3\"><key>4000</key>"
                    + "<backing xsi:type=\"VirtualEthernetCardNetworkBackingInfo\"><deviceName>VM Network</deviceName>"
                    + "</backing><addressType>assigned</addressType><macAddress>00:50:56:8a:01:02</macAddress>"
                    + "<uptv2Enabled>false</uptv2Enabled></device>"
                    + "</hardware>"
                    + "<sgxInfo><epcSize>0</epcSize><flcMode>unlocked</flcMode><requireAttestation>false"
                    + "</requireAttestation></sgxInfo>"
                    + "<guestMonitoringModeInfo><gmmFile></gmmFile></guestMonitoringModeInfo>"
                    + "<sevEnabled>false</sevEnabled><vmOpNotificationToAppEnabled>false</vmOpNotificationToAppEnabled>"
                    + "</val></propSet></returnval></RetrievePropertiesResponse>");

    private static InputStream_ in(String xml) {
        return new InputStream_(xml);
    }

    /** A named stream, for readability. */
    private static final class InputStream_ extends ByteArrayInputStream {
        InputStream_(String xml) {
            super(xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theStockClientFailsOnElementsOfANewerApi() throws Exception {
        WSClient stock = new WSClient("https://127.0.0.1/sdk", true);
        assertThatThrownBy(() -> stock.unMarshall("ServiceContent", in(SERVICE_CONTENT)))
                .as("the problem this class exists for").isNotNull();
    }

    @Test
    void theTolerantClientReadsEverythingYavijavaKnows() throws Exception {
        TolerantClient client = new TolerantClient("https://127.0.0.1/sdk", true);
        ServiceContent content = (ServiceContent) client.unMarshall("ServiceContent", in(SERVICE_CONTENT));
        assertThat(content.getRootFolder().getVal()).isEqualTo("ha-folder-root");
        assertThat(content.getSessionManager().getType()).isEqualTo("SessionManager");
        assertThat(content.getAbout().getFullName()).isEqualTo("VMware ESXi 6.5.0 build-5969303");
        assertThat(content.getAbout().getApiVersion()).isEqualTo("6.5");
    }

    @Test
    void unknownTypesAndFieldsInPropertiesAreDroppedAndTheRestIsRead() throws Exception {
        List<String> dropped = new ArrayList<>();
        byte[] pruned = TolerantXml.prune("ObjectContent[]", in(PROPERTIES), dropped::add);
        assertThat(dropped).containsExactly(
                "ObjectContent[]/returnval/propSet/val (type HostFutureFeatureInfo)",
                "ObjectContent[]/returnval/propSet/val/futureField");
        TolerantClient client = new TolerantClient("https://127.0.0.1/sdk", true);
        ObjectContent[] objects = (ObjectContent[]) client.unMarshall("ObjectContent[]", in(PROPERTIES));
        assertThat(objects).hasSize(1);
        ManagedObjectReference host = objects[0].getObj();
        assertThat(host.getType()).isEqualTo("HostSystem");
        assertThat(objects[0].getPropSet()).extracting(p -> p.getName())
                .containsExactly("name", "runtime.futureFeature", "summary.hardware");
        assertThat(objects[0].getPropSet()[0].getVal()).isEqualTo("localhost.localdomain");
        assertThat(objects[0].getPropSet()[1].getVal()).as("a value of an unknown type is left empty").isNull();
        com.vmware.vim25.HostHardwareSummary hw = (com.vmware.vim25.HostHardwareSummary) objects[0].getPropSet()[2]
                .getVal();
        assertThat(hw.getNumCpuCores()).isEqualTo((short) 2);
        assertThat(hw.getMemorySize()).isEqualTo(4294430720L);
        assertThat(pruned).isNotEmpty();
    }

    @Test
    void aVmConfigurationOfEsxi7And8IsReadAndItsNewerPartsAreDropped() throws Exception {
        List<String> dropped = new ArrayList<>();
        TolerantXml.prune("ObjectContent[]", in(VM_CONFIG_7_8), dropped::add);
        assertThat(dropped).anyMatch(d -> d.endsWith("(type VirtualPrecisionClock)"))
                .anyMatch(d -> d.endsWith("(type VirtualWDT)")).anyMatch(d -> d.endsWith("(type VirtualNVMEController)"))
                .anyMatch(d -> d.endsWith("/sgxInfo")).anyMatch(d -> d.endsWith("/sevEnabled"))
                .anyMatch(d -> d.endsWith("/vmOpNotificationToAppEnabled")).anyMatch(d -> d.endsWith("/uptv2Enabled"));
        TolerantClient client = new TolerantClient("https://127.0.0.1/sdk", true);
        ObjectContent[] objects = (ObjectContent[]) client.unMarshall("ObjectContent[]", in(VM_CONFIG_7_8));
        com.vmware.vim25.VirtualMachineConfigInfo config = (com.vmware.vim25.VirtualMachineConfigInfo) objects[0]
                .getPropSet()[0].getVal();
        assertThat(config.getName()).isEqualTo("web01");
        assertThat(config.getGuestId()).isEqualTo("ubuntu64Guest");
        assertThat(config.getHardware().getNumCPU()).isEqualTo(2);
        assertThat(config.getHardware().getMemoryMB()).isEqualTo(2048);
        assertThat(config.getHardware().getDevice()).hasSize(1);
        com.vmware.vim25.VirtualVmxnet3 nic = (com.vmware.vim25.VirtualVmxnet3) config.getHardware().getDevice()[0];
        assertThat(nic.getMacAddress()).isEqualTo("00:50:56:8a:01:02");
        assertThat(((com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo) nic.getBacking()).getDeviceName())
                .isEqualTo("VM Network");
    }
}
