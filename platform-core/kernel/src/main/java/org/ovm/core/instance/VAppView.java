package org.ovm.core.instance;

import java.util.List;

/** A vApp and its instances. */
public record VAppView(String id, String name, String state, String vdcId, String clusterId, String onFailure,
        List<String> instanceIds, String createdAt) {
}
