// The backups' logic, free of React (unit-tested in logic.test.js): the schedule form's checks and
// request, the restore request, and which actions (back up, restore over the original, delete)
// a backup or volume may offer now. Shapes: docs/research/issue-16-contract.md §8.

/** How consistent a backup is (BACKUPS.CONSISTENCY): each has a tooltip saying what it means. */
export const CONSISTENCIES = ['quiesced', 'crash', 'offline'];
/** A backup's states (BACKUPS.STATE). */
export const BACKUP_STATES = ['CREATING', 'READY', 'DELETING', 'ERROR'];
export const BACKUP_STATE_COLORS = { CREATING: 'blue', READY: 'green', DELETING: 'orange', ERROR: 'red' };
export const CONSISTENCY_COLORS = { quiesced: 'green', crash: 'orange', offline: 'blue' };
/** How often a schedule runs, and the days a weekly one may run on (java.time.DayOfWeek). */
export const SCHEDULE_KINDS = ['daily', 'weekly'];
export const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
/** Restore as a new volume or over the original one. */
export const RESTORE_MODES = ['new', 'overwrite'];

/** The schedule form before anything is chosen: daily at 02:00 UTC, keep 7 (Sunday if made weekly). */
export const SCHEDULE_DEFAULTS = { poolId: '', kind: 'daily', at: '02:00', dayOfWeek: 'SUNDAY', keep: '7' };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A time of day in UTC as the engine takes it (HH:MM, 24 hours), or the key saying what is wrong. */
export const timeProblem = (value) => (TIME.test(String(value ?? '').trim()) ? null : 'backup.badTime');

/** How many scheduled backups to keep: a whole number 1..100. */
export function keepProblem(value) {
  const text = String(value ?? '').trim();
  return /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= 100 ? null : 'backup.badKeep';
}

/** The schedule form's problems per field ({} when it can be sent). */
export function scheduleProblems(values) {
  const out = {};
  if (!values.poolId) {
    out.poolId = 'backup.choosePool';
  }
  if (!SCHEDULE_KINDS.includes(values.kind)) {
    out.kind = 'backup.chooseKind';
  }
  const time = timeProblem(values.at);
  if (time) {
    out.at = time;
  }
  if (values.kind === 'weekly' && !DAYS.includes(values.dayOfWeek)) {
    out.dayOfWeek = 'backup.chooseDay';
  }
  const keep = keepProblem(values.keep);
  if (keep) {
    out.keep = keep;
  }
  return out;
}

/** PUT /instances/{id}/backup-schedule's body: dayOfWeek only when weekly, keep as a number. */
export function scheduleBody(values) {
  const out = { poolId: values.poolId, kind: values.kind, at: String(values.at).trim(), keep: Number(String(values.keep).trim()) };
  if (values.kind === 'weekly') {
    out.dayOfWeek = values.dayOfWeek;
  }
  return out;
}

/** The form's values for the schedule the engine has (null: none yet, the defaults). */
export function scheduleValues(schedule) {
  if (!schedule) {
    return { ...SCHEDULE_DEFAULTS };
  }
  return { poolId: schedule.poolId || '', kind: schedule.kind || 'daily', at: schedule.at || SCHEDULE_DEFAULTS.at,
    dayOfWeek: schedule.dayOfWeek || SCHEDULE_DEFAULTS.dayOfWeek, keep: String(schedule.keep ?? SCHEDULE_DEFAULTS.keep) };
}

/**
 * A schedule in words: the message key and its values ("Every day at 02:00 UTC, keeps 7" /
 * "Every Sunday at ..."); the day is given as its key (day.SUNDAY) for the caller to translate.
 */
export function scheduleSummary(schedule) {
  if (!schedule) {
    return null;
  }
  return schedule.kind === 'weekly'
    ? { key: 'backup.scheduleWeekly', day: `day.${schedule.dayOfWeek}`, at: schedule.at, keep: schedule.keep }
    : { key: 'backup.scheduleDaily', at: schedule.at, keep: schedule.keep };
}

/** POST /backups/{id}/restore's body: a new volume (pool, name when typed) or over the original. */
export function restoreBody(values) {
  if (values.mode === 'overwrite') {
    return { mode: 'overwrite' };
  }
  const out = { mode: 'new', poolId: values.poolId };
  const name = String(values.name || '').trim();
  if (name) {
    out.name = name;
  }
  return out;
}

/** A backup that is not READY can be neither restored nor deleted yet (a key saying why), else null. */
export function backupRefusal(backup) {
  if (backup.state === 'READY') {
    return null;
  }
  return backup.state === 'ERROR' ? null : `backup.notReady.${backup.state}`;
}

/** Restoring a failed backup makes no sense; deleting it does (it frees its claim). */
export const restoreRefusal = (backup) => (backup.state === 'READY' ? null : backup.state === 'ERROR'
  ? 'backup.failedBackup' : `backup.notReady.${backup.state}`);

/**
 * Why "over the original volume" is not possible now, as { key, values } or null: the volume is
 * gone, busy, or attached to an instance that is not STOPPED (the engine answers 409 naming it).
 */
export function overwriteRefusal(backup, volume, instance) {
  if (!volume) {
    return { key: 'backup.volumeGone', values: { name: backup.volumeName || backup.volumeId } };
  }
  if (volume.state === 'CREATING' || volume.state === 'DELETING') {
    return { key: 'volume.busy', values: {} };
  }
  if (volume.instanceId && (!instance || instance.state !== 'STOPPED')) {
    return { key: 'backup.instanceRunning', values: { instance: instance ? instance.name : volume.instanceId } };
  }
  return null;
}

/** A volume being created or deleted cannot be backed up yet. */
export const volumeBackupRefusal = (volume) => (volume.state === 'CREATING' || volume.state === 'DELETING' ? 'volume.busy' : null);

/**
 * The pools a backup may go to: not failed; for a running instance's disk (admins see the pools'
 * hosts) only pools attached and UP on the instance's host, since the copy is made there.
 */
export const backupPools = (instance) => (pool) => pool.state !== 'ERROR'
  && !(instance && instance.state === 'RUNNING' && Array.isArray(pool.hosts)
    && !pool.hosts.some((h) => h.hostId === instance.hostId && h.state === 'UP'));

/** "backup-<volume>-<yyyyMMddHHmmss>": the name the engine gives a backup, shown as a placeholder. */
export function defaultBackupName(volumeName, now = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}`
    + `${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `backup-${volumeName}-${stamp}`;
}

/** The backups list's query: the filters given (volumeId, instanceId, poolId), newest first. */
export function backupsPath(filters = {}) {
  const query = Object.entries(filters).filter(([, v]) => v).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return `/backups?${[...query, 'limit=1000'].join('&')}`;
}

/** The list newest first (the engine may answer in any order). */
export const newestFirst = (items) => [...(items || [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
