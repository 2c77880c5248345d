package org.ovm.core.instance;

/**
 * What an admin sends to adopt a discovered instance.
 *
 * @param vdcId the VDC that will own it, or null for none
 */
public record AdoptRequest(String vdcId) {
}
