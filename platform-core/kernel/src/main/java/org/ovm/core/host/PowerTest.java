package org.ovm.core.host;

/**
 * The answer of a host's controller to a power status request ({@code POST /hosts/{id}/power-management/test}).
 *
 * @param status {@code ON}, {@code OFF} or {@code UNKNOWN} (an answer the driver could not read)
 * @param message what the controller said, in words
 */
public record PowerTest(String status, String message) {
}
