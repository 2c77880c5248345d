// Which instance actions the row menu offers in which state (review D3, D12): "Shut down" asks the
// guest (ACPI, a container's SIGTERM) and is the default; "Power off" cuts the power and is confirmed.

/** The menu, in order; a container has a terminal and logs instead of the graphical console and snapshots. */
export const VM_ACTIONS = ['details', 'console', 'start', 'shutdown', 'poweroff', 'reboot', 'snapshots', 'tags', 'delete'];
export const CONTAINER_ACTIONS = ['details', 'terminal', 'logs', 'start', 'shutdown', 'poweroff', 'reboot', 'tags', 'delete'];

/**
 * The states each action needs (absent: any state but a transitional one). CREATING and DELETING
 * belong to a running task: nothing but the details until it ends. A MISSING instance is gone from
 * its host: only deleting it (to release what it held) makes sense.
 */
const ENABLED_IN = {
  console: ['RUNNING'],
  terminal: ['RUNNING'],
  start: ['STOPPED', 'UNKNOWN'],
  shutdown: ['RUNNING'],
  poweroff: ['RUNNING', 'PAUSED', 'UNKNOWN'],
  reboot: ['RUNNING'],
  snapshots: ['RUNNING', 'STOPPED', 'PAUSED'],
  logs: ['RUNNING', 'STOPPED', 'PAUSED', 'UNKNOWN'],
  tags: ['RUNNING', 'STOPPED', 'PAUSED', 'UNKNOWN', 'MISSING'],
  delete: ['RUNNING', 'STOPPED', 'PAUSED', 'UNKNOWN', 'MISSING'],
};

/** True when `action` makes sense for an instance in `state`. */
export function enabled(action, state) {
  if (action === 'details') {
    return true;
  }
  return (ENABLED_IN[action] || []).includes(state);
}

/** Actions that change or end what runs: each asks first. */
export const CONFIRMED = ['poweroff', 'reboot', 'delete'];

/** The request an action sends: [method, path] (null for the ones that open a dialog). */
export function request(action, id) {
  switch (action) {
    case 'start':
    case 'reboot':
      return ['POST', `/instances/${id}/${action}`];
    case 'shutdown':
      return ['POST', `/instances/${id}/stop`];
    case 'poweroff':
      return ['POST', `/instances/${id}/stop?force=true`];
    case 'delete':
      return ['DELETE', `/instances/${id}`];
    default:
      return null;
  }
}

/** The actions several selected instances share (bulk): each applies to the selected ones whose state allows it. */
export const BULK_ACTIONS = ['start', 'shutdown', 'poweroff', 'delete'];

/** The selected instances an action applies to, by state. */
export function applicable(action, instances) {
  return instances.filter((i) => enabled(action, i.state));
}
