package org.ovm.core.instance;

/** What a client sends to resize an instance; an omitted value stays as it is. */
public record ResizeRequest(Integer cpus, Long memoryMiB) {
}
