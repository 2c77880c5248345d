package org.ovm.core.auth;

/**
 * What an admin sends to change a user; omitted (null) fields keep their value. {@code vdcId}
 * {@code ""} takes the user out of their VDC (an admin belongs to none).
 */
public record UserUpdate(String role, String vdcId) {
}
