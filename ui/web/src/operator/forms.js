// The operator pages' form logic, free of React (unit-tested in forms.test.js): which instance
// actions a state allows, a host edit's PATCH body, the placement explain request and the
// create request's placement.

const BUSY = ['CREATING', 'DELETING'];

/** Which actions an instance in this state offers (Start only when stopped, Shut down only when running...). */
export function actionsFor(instance, admin) {
  const s = instance.state;
  return {
    start: !['RUNNING', ...BUSY].includes(s),
    shutdown: s === 'RUNNING',
    poweroff: s === 'RUNNING' || s === 'PAUSED',
    reboot: s === 'RUNNING',
    resize: !BUSY.includes(s),
    adopt: admin && instance.managed === false,
    delete: s !== 'DELETING',
  };
}

/** Settings as "key=value" lines, and back. */
export const settingsText = (settings) => Object.entries(settings || {}).map(([k, v]) => `${k}=${v}`).join('\n');
export function parseSettings(text) {
  const out = {};
  for (const line of String(text || '').split('\n')) {
    const at = line.indexOf('=');
    if (line.trim() && at > 0) {
      out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return out;
}

/**
 * The PATCH /hosts/{id} body for what changed: name, cluster ("" = none), settings merged (a
 * removed key sent as null), credentials only when typed.
 */
export function hostPatch(host, values) {
  const patch = {};
  if (values.name !== host.name) {
    patch.name = values.name;
  }
  if ((values.clusterId || '') !== (host.clusterId || '')) {
    patch.clusterId = values.clusterId || '';
  }
  const before = host.settings || {};
  const after = parseSettings(values.settings);
  const settings = {};
  Object.keys(before).filter((k) => !(k in after)).forEach((k) => { settings[k] = null; });
  Object.entries(after).filter(([k, v]) => before[k] !== v).forEach(([k, v]) => { settings[k] = v; });
  if (Object.keys(settings).length) {
    patch.settings = settings;
  }
  if (values.username && values.username !== (host.username || '')) {
    patch.username = values.username;
  }
  if (values.password) {
    patch.password = values.password;
  }
  return patch;
}

/** The explain request for a form's values (cpus, memoryMiB, scope and its target). */
export function explainRequest(values) {
  const request = { cpus: Number(values.cpus), memoryMiB: Number(values.memoryMiB) };
  if (values.scope === 'zone' && values.zoneId) {
    request.zoneId = values.zoneId;
  } else if (values.scope === 'cluster' && values.clusterId) {
    request.clusterId = values.clusterId;
  } else if (values.scope === 'hosts' && values.hostIds && values.hostIds.length) {
    request.hostIds = values.hostIds;
  }
  return request;
}

/** The create request's field naming each placement mode's target. */
export const ID_OF = { zone: 'zoneId', cluster: 'clusterId', host: 'hostId' };

/** What the create request says about placement: nothing (automatic), or the one target chosen. */
export function placementBody(values) {
  const mode = values.placement || 'auto';
  const key = ID_OF[mode];
  return key && values[key] ? { [key]: values[key] } : {};
}
