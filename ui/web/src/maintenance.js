// Maintenance of a host (free of React, unit-tested in maintenance.test.js): a host that runs
// instances is PREPARING_FOR_MAINTENANCE while the engine's host.drain moves them live to other
// hosts of its cluster, then MAINTENANCE; or it stays preparing, its reason naming what did not
// move. Activate takes a host out of maintenance and calls a drain off.

export const PREPARING = 'PREPARING_FOR_MAINTENANCE';

/** Every host state (kernel HostState): each has a hostState.* and a state.* message. */
export const HOST_STATES = ['CONNECTING', 'UP', 'SUSPECT', 'DOWN', 'NON_RESPONSIVE', PREPARING, 'MAINTENANCE', 'ERROR'];

/** The host states of maintenance: being emptied, or out of service. */
export const MAINTENANCE_STATES = [PREPARING, 'MAINTENANCE'];

/**
 * Maintenance is offered unless the host is in it; also to a preparing host, whose drain left
 * instances behind (the engine tries again; while the drain still runs it only answers the host).
 */
export const maintenanceOffered = (host) => !!host && host.state !== 'MAINTENANCE';

/** Activate is offered to a host in maintenance, and to one being emptied (it stops the drain). */
export const activateOffered = (host) => !!host && MAINTENANCE_STATES.includes(host.state);

/** True while the engine moves the host's instances away. */
export const draining = (host) => !!host && host.state === PREPARING;

/** The color of a host state's label. */
export const HOST_STATE_COLORS = { UP: 'green', DOWN: 'red', ERROR: 'red', NON_RESPONSIVE: 'red', SUSPECT: 'orange',
  MAINTENANCE: 'orange', [PREPARING]: 'orange', CONNECTING: 'blue' };

/**
 * The drain task named in a preparing host's reason ("moving 3 instance(s) to other hosts of its
 * cluster (task <id>): a, b, c"), or null: the portal may link to it.
 */
export function drainTaskId(host) {
  if (!draining(host) || !host.stateReason) {
    return null;
  }
  const match = /\(task ([A-Za-z0-9-]+)\)/.exec(host.stateReason);
  return match ? match[1] : null;
}
