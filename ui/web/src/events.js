// The audit log in words (review D20): a topic such as task/succeeded reads "Task · succeeded" in
// the selected language, each event has a severity, and instants inside engine messages are
// written as the language writes dates.

export const TOPIC_OBJECTS = ['affinity-group', 'auth', 'backup', 'backup-schedule', 'cluster', 'host', 'image', 'instance', 'network',
  'placement-policy', 'plugin', 'pool', 'quota', 'registry', 'security-group', 'task', 'user', 'vapp', 'vdc', 'volume',
  'zone'];
export const TOPIC_VERBS = ['activated', 'added', 'adopted', 'attached', 'changed', 'console', 'created', 'default',
  'deleted', 'deployed', 'detached', 'discovered', 'failed', 'installed', 'kar-installed', 'kar-removed', 'locked',
  'login', 'login-failed', 'logout', 'maintenance', 'password-changed', 'password-reset', 'refused', 'registered',
  'removed', 'resized', 'revert', 'setting', 'snapshot', 'state', 'succeeded', 'terminal', 'token-issued',
  'token-renewed', 'tokens-revoked', 'uninstalled', 'unlocked', 'updated', 'upgraded', 'vanished',
  // shared storage (issue 16)
  'copied', 'degraded', 'host-attached', 'host-detached', 'migrated', 'resumed', 'up',
  // backups (issue 16 §8)
  'pruned', 'restored', 'run',
  // high availability (issue 17)
  'suspect', 'down', 'non-responsive', 'confirmed-down', 'ha-restarted', 'ha-restart-failed', 'ha-leftover-removed',
  // power management (fencing, issue 17)
  'fenced', 'fence-failed',
  // maintenance drains (running instances moved live to other hosts first)
  'preparing-for-maintenance', 'maintenance-failed'];

/** An object type in words ("instance" → "Instance"), or as the engine wrote it. */
export const objectWord = (type, t) => (TOPIC_OBJECTS.includes(type) ? t('topic.' + type) : type || '');

/** A topic in words: "Task · succeeded"; a part without a translation stays as the engine wrote it. */
export function topicWords(topic, t) {
  const [object, ...rest] = String(topic || '').split('/');
  const verb = rest.join('/');
  const o = objectWord(object, t);
  const v = TOPIC_VERBS.includes(verb) ? t('verb.' + verb) : verb;
  return v ? `${o} · ${v}` : o;
}

const DANGER = /(^|[-/])(failed|refused|locked|vanished|degraded)$|\/(down|non-responsive)$/;
const WARNING = /(^|[-/])(deleted|removed|uninstalled|maintenance|kar-removed|tokens-revoked|state|suspect|confirmed-down|fenced)$/;

/** How bad an event is: danger (a failure, a refusal), warning (something went away), else success or info. */
export function severity(event) {
  if (event.outcome === 'FAILED' || DANGER.test(event.topic || '')) {
    return 'danger';
  }
  if (WARNING.test(event.topic || '')) {
    return 'warning';
  }
  return event.outcome === 'SUCCEEDED' ? 'success' : 'info';
}

const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})\b/g;

/** An engine message with the instants it holds written by `date` (the language's format). */
export function localInstants(message, date) {
  return String(message || '').replace(INSTANT, (instant) => date(instant) || instant);
}
