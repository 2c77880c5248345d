package org.ovm.spi.hypervisor;

import java.time.Instant;

/**
 * Which part of an instance's output to read.
 *
 * @param tail       the last lines only, or null for all
 * @param since      only output after this instant, or null
 * @param follow     keep streaming new output until the instance stops or the reader closes
 * @param timestamps prefix every line with its time (RFC 3339)
 * @since 1.3
 */
public record LogQuery(Integer tail, Instant since, boolean follow, boolean timestamps) {
}
