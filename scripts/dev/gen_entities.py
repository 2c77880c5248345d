#!/usr/bin/env python3
"""Generates the JPA entity classes of the kernel inventory (accessor boilerplate).

Run from the repository root after editing ENTITIES; the output is committed. The schema
itself lives in platform-core/kernel/src/main/resources/db/changelog.xml.
"""
import re, pathlib

OUT = pathlib.Path("platform-core/kernel/src/main/java/org/ovm/core/internal/inventory")

ENTITIES = {
    "Zone": ("ZONES", "A zone: the top of the compute hierarchy.",
             "String name; String description; long createdAt; boolean defaultZone"),
    "Cluster": ("CLUSTERS", "A cluster (resource pool) of hosts of one hypervisor type.",
                "String name; String zoneId; String hypervisorType; double cpuOvercommit; double memoryOvercommit; long createdAt; "
                "String placementPolicy; String balancePolicy; int balanceHigh; int balanceLow; int balanceWindow; int balanceMax; "
                "String balanceCandidates"),
    "Host": ("HOSTS", "A hypervisor host the engine manages through a driver.",
             "String name; String type; String uri; String username; String secret; String clusterId; String state:HostState; "
             "String stateReason; String cpuModel; int cpus; long memoryMib; String hypervisorVersion; @Lob String facts; "
             "int allocCpus; long allocMemoryMib; double cpuOvercommit; double memoryOvercommit; long lastProbe; long createdAt; "
             "@Lob String settings; int instanceCount; @Lob String secrets"),
    "Instance": ("INSTANCES", "A VM or container, managed or discovered.",
                 "String name; String hostId; String vdcId; String state:InstanceState; int cpus; long memoryMib; boolean managed; "
                 "String backendId; String imageId; long createdAt; long updatedAt; @Lob String details; String vappId; "
                 "String affinityGroupId; String kind; String ownerId; String tags"),
    "Vdc": ("VDCS", "A virtual data center (tenant) with quotas and exact usage.",
            "String name; String description; Integer quotaCpus; Long quotaMemoryMib; Long quotaDiskGib; Integer quotaInstances; "
            "Integer quotaIps; int usedCpus; long usedMemoryMib; long usedDiskGib; int usedInstances; int usedIps; long createdAt"),
    "StoragePool": ("STORAGE_POOLS", "A storage pool served by a storage driver.",
                    "String name; String type; String uri; String hostId; String clusterId; String state:PoolState; "
                    "String stateReason; long totalBytes; long availableBytes; long createdAt"),
    "Volume": ("VOLUMES", "A volume in a storage pool.",
               "String name; String poolId; String instanceId; String vdcId; long sizeBytes; String format; String backingImageId; "
               "String path; String state:VolumeState; long createdAt"),
    "Image": ("IMAGES", "A template, ISO or container image in the image center.",
              "String name; String kind; String format; String poolId; String path; long sizeBytes; long createdAt; "
              "String sourceVolume; @Lob String properties"),
    "HostImage": ("HOST_IMAGES", "An image a container host keeps, as the last inventory sync saw it.",
                  "String hostId; String imageRef; String tags; long sizeBytes; String created; long seenAt"),
    "Registry": ("REGISTRIES", "An image registry (Registry HTTP API v2); the password is stored encrypted.",
                 "String name; String url; String username; String secret; long createdAt"),
    "Network": ("NETWORKS", "A network served by a network driver.",
                "String name; String type; int vlan; String cidr; String gateway; String dns; String clusterId; long createdAt; "
                "String rangeStart; String rangeEnd; int usedIps; String ipv6Cidr"),
    "IpAddress": ("IP_ADDRESSES", "An address of a network allocated to a NIC (IPAM).",
                  "String networkId; String address; String mac; String instanceId; String vdcId; int nicIndex; long createdAt; "
                  "String role; String hostId"),
    "NetworkRealization": ("NETWORK_REALIZATIONS", "Where a network is realized: one row per (network, host) with its state.",
                           "String networkId; String hostId; String state:RealizationState; String portRef; String reason; "
                           "String dhcpAddress; long updatedAt"),
    "PlacementPolicy": ("PLACEMENT_POLICIES", "A placement policy: the filters and weighted scorers placement runs.",
                        "String name; String description; String filters; @Lob String scorers; @Lob String parameters; "
                        "boolean builtIn; boolean defaultPolicy; long createdAt"),
    "AffinityGroup": ("AFFINITY_GROUPS", "Instances placed together (affinity) or apart (anti-affinity).",
                      "String name; String vdcId; String kind; String description; long createdAt"),
    "SecurityGroup": ("SECURITY_GROUPS", "A security group of a VDC: allow rules for the NICs in it.",
                      "String name; String vdcId; String description; long createdAt"),
    "SecurityGroupRule": ("SECURITY_GROUP_RULES", "An allow rule of a security group.",
                          "String groupId; String direction; String protocol; Integer portMin; Integer portMax; "
                          "String remoteCidr; String remoteGroupId; long createdAt"),
    "NicSecurityGroup": ("NIC_SECURITY_GROUPS", "A NIC of an instance (by index) in a security group.",
                         "String instanceId; int nicIndex; String groupId"),
    "User": ("USERS", "An OVM user; the password is stored as a PBKDF2 hash.",
             "String username; String passwordHash; String role; String vdcId; long createdAt"),
    "ApiToken": ("API_TOKENS", "A bearer token, stored as its SHA-256 hash.",
                 "String tokenHash; String userId; long expiresAt; long createdAt"),
    "Task": ("TASKS", "A durable task: one backend-touching operation and its progress.",
             "String operation; String resourceId; String state; String error; String errorCode; String caller; String vdcId; "
             "String callerId; String callerVdcId; String callerSource; "
             "@Lob String params; int stepsDone; int stepCount; long createdAt; long updatedAt; Integer progress; "
             "String progressMessage; String resourceType; String resourceName; Long finishedAt"),
    "TaskStep": ("TASK_STEPS", "One step of a task, with the outputs its compensation needs.",
                 "String taskId; int idx; String name; String state; @Lob String outputs; String error; long updatedAt"),
    "Snapshot": ("SNAPSHOTS", "A snapshot of an instance.",
                 "String instanceId; String name; String description; String powerState; long createdAt; long claimedGib"),
    "Backup": ("BACKUPS", "A backup of a volume, a file in a backup pool; it outlives its volume.",
               "String name; String volumeId; String volumeName; String instanceId; String vdcId; String poolId; "
               "String path; String format; long sizeBytes; String consistency; String state; boolean scheduled; "
               "long createdAt; long claimedGib"),
    "VApp": ("VAPPS", "A vApp: instances created in parallel, then powered on in order.",
             "String name; String vdcId; String clusterId; String state:VAppState; String onFailure; long createdAt"),
    "Event": ("EVENTS", "An audit event.",
              "long occurredAt; String topic; String resourceId; String caller; String vdcId; String message; String source; "
              "String outcome:Outcome"),
    "Idempotency": ("IDEMPOTENCY_KEYS", "The stored answer to a create request sent with an Idempotency-Key.",
                    "String request; int status; String location; @Lob String body; long createdAt"),
}


# Enum types of typed columns: stored as their name (a VARCHAR), read and written as the enum.
ENUMS = {"HostState": "org.ovm.core.host.HostState", "InstanceState": "org.ovm.core.instance.InstanceState",
         "VAppState": "org.ovm.core.instance.VAppState", "PoolState": "org.ovm.core.storage.PoolState",
         "VolumeState": "org.ovm.core.storage.VolumeState",
         "Outcome": "org.ovm.core.event.Outcome", "RealizationState": "org.ovm.core.network.RealizationState"}


def column(name):
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).upper()


def generate(entity, table, doc, spec):
    fields = []
    for part in [p.strip() for p in spec.split(";")]:
        lob = part.startswith("@Lob ")
        part = part.replace("@Lob ", "")
        jtype, name = part.split()
        name, _, typed = name.partition(":")
        fields.append((jtype, name, lob, typed or None))
    lines = [
        "package org.ovm.core.internal.inventory;",
        "",
        "import javax.persistence.Basic;" if any(f[2] for f in fields) else None,
        "import javax.persistence.Column;",
        "import javax.persistence.Entity;",
        "import javax.persistence.FetchType;" if any(f[2] for f in fields) else None,
        "import javax.persistence.Id;",
        "import javax.persistence.Lob;" if any(f[2] for f in fields) else None,
        "import javax.persistence.Table;",
        "" if any(f[3] for f in fields) else None,
        *sorted(f"import {ENUMS[f[3]]};" for f in fields if f[3]),
        "",
        "/** " + doc + " Generated by scripts/dev/gen_entities.py. */",
        "@Entity",
        f'@Table(name = "{table}")',
        f"public class {entity}Entity {{",
        "",
        "    @Id",
        '    @Column(name = "ID")',
        "    private String id;",
    ]
    lines = [l for l in lines if l is not None]
    for jtype, name, lob, typed in fields:
        lines.append("")
        if lob:
            # OpenJPA loads LOBs lazily by default: one extra SELECT per row when a list reads them
            lines.append("    @Lob")
            lines.append("    @Basic(fetch = FetchType.EAGER)")
        lines.append(f'    @Column(name = "{column(name)}")')
        lines.append(f"    private {jtype} {name};")
    accessors = [("String", "id", None)] + [(t, n, e) for t, n, _, e in fields]
    for jtype, name, typed in accessors:
        cap = name[0].upper() + name[1:]
        if typed:
            lines += ["", f"    public {typed} get{cap}() {{",
                      f"        return {name} == null ? null : {typed}.valueOf({name});", "    }",
                      "", f"    public void set{cap}({typed} {name}) {{",
                      f"        this.{name} = {name} == null ? null : {name}.name();", "    }"]
            continue
        getter = ("is" if jtype == "boolean" else "get") + cap
        lines += ["", f"    public {jtype} {getter}() {{", f"        return {name};", "    }",
                  "", f"    public void set{cap}({jtype} {name}) {{", f"        this.{name} = {name};", "    }"]
    lines.append("}")
    (OUT / f"{entity}Entity.java").write_text("\n".join(lines) + "\n")


for entity, (table, doc, spec) in ENTITIES.items():
    generate(entity, table, doc, spec)
