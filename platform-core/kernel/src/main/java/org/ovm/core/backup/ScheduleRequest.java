package org.ovm.core.backup;

/**
 * {@code PUT /instances/{id}/backup-schedule}.
 *
 * @param kind      {@code daily} or {@code weekly}
 * @param at        {@code HH:MM}, UTC
 * @param dayOfWeek {@code MONDAY}..{@code SUNDAY}, weekly only
 * @param keep      how many scheduled backups to keep, 1..100
 */
public record ScheduleRequest(String poolId, String kind, String at, String dayOfWeek, Integer keep) {
}
