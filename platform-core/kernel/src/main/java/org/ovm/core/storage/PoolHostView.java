package org.ovm.core.storage;

/**
 * A pool on one of its hosts: {@code state} is {@code ATTACHING}, {@code UP}, {@code ERROR} or
 * {@code UNREACHABLE}, {@code reason} why it is not {@code UP}, {@code checkedAt} when it was last
 * attached or probed there.
 */
public record PoolHostView(String hostId, String hostName, String state, String reason, String checkedAt) {
}
