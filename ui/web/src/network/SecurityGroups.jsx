// The security groups list (#/security-groups): users see and manage their VDC's groups, admins
// every group with its VDC. A group's page is #/security-groups/<id> (SecurityGroupPage.jsx).
import { ResourcePage } from '../ResourcePage.jsx';
import { created, name, nameField } from '../columns.js';
import { href } from '../router.js';

const byId = (items, id) => (items || []).find((i) => i.id === id);
const groupLink = { ...name, value: (i) => <a href={href('security-groups', i.id)} data-group-link={i.name}>{i.name}</a> };
const description = { key: 'description', label: 'col.description', value: (i) => i.description || '' };
const counts = [
  { key: 'rules', label: 'sg.rules', value: (i, t) => t.number((i.rules || []).length) },
  { key: 'members', label: 'sg.members', value: (i, t) => t.number((i.members || []).length) },
];
const descriptionField = { name: 'description', label: 'col.description' };

const BASE = {
  id: 'security-groups', title: 'nav.security-groups', createTitle: 'sg.create', path: '/security-groups',
  deleteMessage: 'sg.confirmDelete', emptyHint: 'sg.emptyHint', searchText: (g) => `${g.name} ${g.description || ''}`,
};

/** A user's groups: those of their VDC (the engine puts a new one there). */
export const USER_GROUPS_SPEC = { ...BASE, columns: [groupLink, description, ...counts, created],
  fields: [nameField, descriptionField] };

/** An admin's: every VDC's, each naming its VDC; a new group is created in the VDC chosen. */
export const ADMIN_GROUPS_SPEC = { ...BASE, context: { vdcs: '/vdcs?limit=1000' },
  columns: [groupLink, description,
    { key: 'vdc', label: 'col.vdc', value: (i, t, c) => (byId(c.vdcs, i.vdcId) || {}).name || i.vdcId || '' }, ...counts, created],
  fields: [nameField, descriptionField,
    { name: 'vdcId', label: 'col.vdc', type: 'select', required: true, optionsFrom: { path: '/vdcs?limit=1000' } }] };

export function SecurityGroups({ user }) {
  return <ResourcePage spec={user.role === 'admin' ? ADMIN_GROUPS_SPEC : USER_GROUPS_SPEC} user={user} />;
}
