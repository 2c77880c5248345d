// The portal's navigation (review §5): the dashboard first, then groups an operator of oVirt or
// Proxmox expects, each with the pages every user has before the administrators' ones.

export const GROUPS = [
  { id: 'compute', pages: ['instances', 'tasks', 'images'] },
  { id: 'storage', pages: ['volumes', 'pools', 'backups'] },
  { id: 'network', pages: ['security-groups', 'networks'] },
  { id: 'administration', pages: ['zones', 'clusters', 'hosts', 'vdcs', 'users', 'policies', 'explain', 'plugins', 'events'] },
];

/** The entries a user sees: [{id: null, pages: ['dashboard']}, {id: 'compute', pages: [...]}, ...]; empty groups left out. */
export function navGroups(available) {
  const has = (page) => available.includes(page);
  return [{ id: null, pages: ['dashboard'].filter(has) },
    ...GROUPS.map((g) => ({ id: g.id, pages: g.pages.filter(has) }))].filter((g) => g.pages.length > 0);
}
