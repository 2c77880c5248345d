// A cluster's balancing settings in the cluster form and its row actions (preview, balance now). Issue 17.
const POLICIES = ['NONE', 'LOAD_BALANCING', 'POWER_SAVING'].map((p) => ({ value: p, label: 'balancing.policy.' + p, translate: true }));
const NUMBERS = [['highPercent', 1, 100, '80'], ['lowPercent', 1, 99, '20'], ['windowMinutes', 1, 60, '5'], ['maxMigrations', 1, 10, '2']];

/** The form fields (dotted names: the body nests them under balancing; the engine names a refused one the same way). */
export const BALANCING_FIELDS = [
  { name: 'balancing.policy', label: 'balancing.policy', type: 'select', options: POLICIES, hint: 'balancing.policyHint' },
  ...NUMBERS.map(([key, min, max, placeholder]) => ({ name: 'balancing.' + key, label: 'balancing.' + key, type: 'number', min, max, placeholder })),
];

/** The edit form's values of a cluster. */
export function balancingInitial(cluster) {
  const b = cluster.balancing || {};
  const values = { 'balancing.policy': b.policy || 'NONE' };
  NUMBERS.forEach(([key]) => { if (b[key] != null) { values['balancing.' + key] = String(b[key]); } });
  return values;
}

/** The balancing part of a request body; empty fields are left out (the engine keeps or defaults them). */
export function balancingBody(values) {
  const body = {};
  if (values['balancing.policy']) {
    body.policy = values['balancing.policy'];
  }
  NUMBERS.forEach(([key]) => {
    const raw = values['balancing.' + key];
    if (raw !== undefined && raw !== '') {
      body[key] = Number(raw);
    }
  });
  return body;
}

/** The Balancing column: the policy, and the hosts a power-saving run left empty. */
export const balancingColumn = {
  key: 'balancing', label: 'balancing.policy', value: (i, t, c) => {
    if (!i.balancing) {
      return '';
    }
    const policy = t('balancing.policy.' + i.balancing.policy);
    const candidates = (i.powerOffCandidates || []).map((id) => ((c.hosts || []).find((h) => h.id === id) || { name: id }).name);
    return candidates.length ? `${policy} · ${t('balancing.candidates', { hosts: candidates.join(', ') })}` : policy;
  },
};

/** Preview (dry run) and Balance now (asks first); both show the report on the page through show(reply, item, t, context). */
export const balancingActions = (show) => [
  { id: 'balance-preview', label: 'balancing.preview', method: 'POST', path: (i) => `/clusters/${i.id}/balance?dryRun=true`,
    when: (i) => !!i.balancing, notice: 'balancing.done', show },
  { id: 'balance', label: 'balancing.run', method: 'POST', path: (i) => `/clusters/${i.id}/balance`,
    when: (i) => !!i.balancing && i.balancing.policy !== 'NONE', confirm: (i, t) => t('balancing.confirm', { name: i.name }),
    notice: 'balancing.done', show },
];
