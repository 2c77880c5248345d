package org.ovm.core;

/** What an admin sends to create a VDC. */
public record VdcRequest(String name, String description) {
}
