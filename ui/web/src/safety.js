// What a destructive action must ask before it runs (review D2): the plain confirmation, the
// type-to-confirm for admin deletes that take an inventory down, and what may not be deleted at all.

/** Admin pages whose deletes are typed out: they take part of the inventory (and what runs on it) away. */
export const TYPED_DELETES = ['zones', 'clusters', 'hosts', 'pools'];

/** The name a row is known by (and typed to confirm). */
export const nameOf = (item) => (item ? item.name || item.username || item.id : '');

/**
 * What uses a plugin's services: hosts of its hypervisor types, pools of its storage types,
 * networks of its network types ({hosts, pools, networks}: lists of names).
 */
export function pluginUsage(plugin, { hosts = [], pools = [], networks = [] }) {
  const keys = (area) => (plugin.services || []).filter((s) => s.area === area).map((s) => s.key);
  const of = (items, area, type) => items.filter((i) => keys(area).includes(type(i))).map(nameOf);
  return {
    hosts: of(hosts, 'hypervisor', (h) => h.type),
    pools: of(pools, 'storage', (p) => p.type),
    networks: of(networks, 'network', (n) => n.type),
  };
}

/** True when something still uses the plugin. */
export const inUse = (usage) => !!usage && (usage.hosts.length + usage.pools.length + usage.networks.length) > 0;

/**
 * Why a row may not be deleted (a message key), or null: your own account, a built-in placement
 * policy. The engine refuses them too; the page does not offer what cannot work.
 */
export function undeletable(page, item, user) {
  if (page === 'users' && user && item.username === user.username) {
    return 'safety.ownAccount';
  }
  if (page === 'policies' && item.builtIn) {
    return 'safety.builtIn';
  }
  return null;
}

/** True when confirming needs the object's name typed: admin deletes of inventory, uninstalling a plugin in use. */
export function typed(page, action, usage) {
  if (action === 'delete') {
    return TYPED_DELETES.includes(page);
  }
  return page === 'plugins' && action === 'uninstall' && inUse(usage);
}

/** True when the typed text confirms: the name exactly, surrounding blanks aside. */
export const matches = (typedText, name) => (typedText || '').trim() === String(name);

/**
 * True for an instance's boot disk: the volume the engine made with it, named <instance>-disk0.<format>.
 * Detaching or deleting it would leave the VM without its system.
 */
export function isBootDisk(volume, instance) {
  return !!instance && volume.instanceId === instance.id && volume.name.startsWith(`${instance.name}-disk0`);
}

/** Why a volume may not be detached, grown or deleted now (a message key), or null. */
export function volumeRefusal(action, volume, instances) {
  const user = (instances || []).find((i) => i.id === volume.instanceId);
  if (action === 'delete' && volume.instanceId) {
    return isBootDisk(volume, user) ? 'volume.bootDisk' : 'volume.detachFirst';
  }
  if (action === 'detach' && isBootDisk(volume, user) && user.state !== 'STOPPED') {
    return 'volume.bootDiskRunning';
  }
  if (action === 'grow' && user && user.state !== 'STOPPED') {
    return 'volume.stopFirst';
  }
  return null;
}
