package org.ovm.core.balance;

/**
 * One move of a balancing run.
 *
 * @param status {@code PROPOSED} (dry run), {@code STARTED} (taskId names the migration), {@code QUEUED} (starts
 *               when a running one ends), or {@code REFUSED} (the migration was refused: see {@code error})
 */
public record BalanceMove(String instanceId, String instanceName, String fromHostId, String fromHost,
        String toHostId, String toHost, String reason, String status, String taskId, String error) {

    public BalanceMove with(String newStatus, String newTaskId, String newError) {
        return new BalanceMove(instanceId, instanceName, fromHostId, fromHost, toHostId, toHost, reason, newStatus,
                newTaskId, newError);
    }
}
