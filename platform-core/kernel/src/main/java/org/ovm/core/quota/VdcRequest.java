package org.ovm.core.quota;

/** What an admin sends to create a VDC; an omitted quota (or limit) is unlimited. */
public record VdcRequest(String name, String description, Quota quota) {

    public VdcRequest(String name, String description) {
        this(name, description, null);
    }
}
