package org.ovm.core.storage;

/** What an admin sends to attach a shared pool to one more host: {@code {hostId}}. */
public record PoolHostRequest(String hostId) {
}
