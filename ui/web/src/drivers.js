// Which driver types are installed (review D9): the type selects of the host, pool and network
// forms offer only those. GET /drivers answers {hypervisor, storage, network}; an engine without
// it is asked for its plugins (each names the services it provides); failing both, the form keeps
// its own list.
import { call } from './api.js';

/** The installed types of one area from the plugins list: the keys of installed plugins' services. */
export function typesFromPlugins(plugins, area) {
  return [...new Set((plugins || []).filter((p) => p.installed)
    .flatMap((p) => (p.services || []).filter((s) => s.area === area).map((s) => s.key)))].sort();
}

/**
 * The options a type select offers: the installed ones (in the form's order first, then any the
 * form does not know), or the form's own list when the installed ones are unknown (null).
 */
export function installedOptions(known, installed) {
  if (!installed) {
    return known;
  }
  const listed = known.filter((o) => installed.includes(o.value));
  const extra = installed.filter((type) => !known.some((o) => o.value === type)).map((type) => ({ value: type, label: type }));
  return [...listed, ...extra];
}

/** The installed types of an area (hypervisor, storage, network), or null when the engine does not say. */
export async function installedTypes(area) {
  try {
    const drivers = await call('GET', '/drivers');
    if (drivers && Array.isArray(drivers[area])) {
      return drivers[area];
    }
  } catch {
    // an engine before /drivers: the plugins list says the same
  }
  try {
    return typesFromPlugins((await call('GET', '/plugins')).items, area);
  } catch {
    return null;
  }
}
