import { describe, expect, it } from 'vitest';
import {
  CONSISTENCIES, backupPools, backupRefusal, backupsPath, defaultBackupName, keepProblem, newestFirst, overwriteRefusal,
  restoreBody, restoreRefusal, scheduleBody, scheduleProblems, scheduleSummary, scheduleValues, timeProblem, volumeBackupRefusal,
} from './logic.js';
import { taskPercent } from '../storage/logic.js';
import { MESSAGES } from '../i18n.js';
import { BACKUPS, BACKUP_RUNNING, INSTANCES, LOCAL_POOL, NFS_POOL, RESTORE_DONE, SCHEDULE, USER_POOL, VOLUMES } from '../storage/fixtures.js';

const byId = (list, id) => list.find((x) => x.id === id);
const vm1 = byId(INSTANCES, 'i1');
const vm2 = byId(INSTANCES, 'i2');

describe('the schedule form', () => {
  it('takes a time of day in UTC as HH:MM, 24 hours', () => {
    for (const good of ['00:00', '02:30', '23:59', ' 12:05 ']) {
      expect(timeProblem(good)).toBeNull();
    }
    for (const bad of ['24:00', '2:30', '02:60', '0230', '', null, '02:30:00', 'noon']) {
      expect(timeProblem(bad)).toBe('backup.badTime');
    }
  });

  it('keeps 1 to 100 scheduled backups', () => {
    expect(keepProblem('1')).toBeNull();
    expect(keepProblem(100)).toBeNull();
    for (const bad of ['0', '101', '-1', '2.5', '', 'x', undefined]) {
      expect(keepProblem(bad)).toBe('backup.badKeep');
    }
  });

  it('names each field that is wrong, the day only when weekly', () => {
    expect(scheduleProblems({ poolId: '', kind: 'daily', at: '25:00', keep: '0' }))
      .toEqual({ poolId: 'backup.choosePool', at: 'backup.badTime', keep: 'backup.badKeep' });
    expect(scheduleProblems({ poolId: 'p', kind: 'weekly', at: '02:00', dayOfWeek: '', keep: '3' })).toEqual({ dayOfWeek: 'backup.chooseDay' });
    expect(scheduleProblems({ poolId: 'p', kind: 'daily', at: '02:00', dayOfWeek: '', keep: '3' })).toEqual({});
    expect(scheduleProblems({ poolId: 'p', kind: 'hourly', at: '02:00', keep: '3' })).toHaveProperty('kind');
  });

  it('sends the contract body: dayOfWeek only when weekly, keep as a number', () => {
    expect(scheduleBody({ poolId: 'p-nfs', kind: 'daily', at: ' 03:15 ', dayOfWeek: 'SUNDAY', keep: '7' }))
      .toEqual({ poolId: 'p-nfs', kind: 'daily', at: '03:15', keep: 7 });
    expect(scheduleBody({ poolId: 'p-nfs', kind: 'weekly', at: '02:00', dayOfWeek: 'MONDAY', keep: '4' }))
      .toEqual({ poolId: 'p-nfs', kind: 'weekly', at: '02:00', dayOfWeek: 'MONDAY', keep: 4 });
  });

  it('starts from the engine\'s schedule, or daily at 02:00 keeping 7', () => {
    expect(scheduleValues(SCHEDULE)).toEqual({ poolId: 'p-nfs', kind: 'weekly', at: '02:00', dayOfWeek: 'SUNDAY', keep: '4' });
    expect(scheduleValues(null)).toEqual({ poolId: '', kind: 'daily', at: '02:00', dayOfWeek: 'SUNDAY', keep: '7' });
    // a saved daily schedule round-trips to the same body
    const daily = { poolId: 'p', kind: 'daily', at: '04:00', keep: 2 };
    expect(scheduleBody(scheduleValues(daily))).toEqual(daily);
  });

  it('says the schedule in words in both languages', () => {
    const words = scheduleSummary(SCHEDULE);
    expect(words).toMatchObject({ key: 'backup.scheduleWeekly', day: 'day.SUNDAY', at: '02:00', keep: 4 });
    expect(scheduleSummary({ kind: 'daily', at: '01:00', keep: 3 }).key).toBe('backup.scheduleDaily');
    expect(scheduleSummary(null)).toBeNull();
    for (const language of ['en', 'zh-CN']) {
      expect(MESSAGES[language][words.key]).toContain('{day}');
      expect(MESSAGES[language][words.day]).toBeTruthy();
    }
  });
});

describe('restoring', () => {
  it('sends a new volume with its pool (and name when typed), or overwrite alone', () => {
    expect(restoreBody({ mode: 'new', poolId: 'p-local', name: '  ' })).toEqual({ mode: 'new', poolId: 'p-local' });
    expect(restoreBody({ mode: 'new', poolId: 'p-local', name: 'r1 ' })).toEqual({ mode: 'new', poolId: 'p-local', name: 'r1' });
    expect(restoreBody({ mode: 'overwrite', poolId: 'p-local', name: 'x' })).toEqual({ mode: 'overwrite' });
  });

  it('overwrites only a volume that exists, is detached or whose instance is stopped', () => {
    const [b1, , b3, , , b6] = BACKUPS;
    // vm1 runs: refused, naming it
    expect(overwriteRefusal(b1, byId(VOLUMES, 'v1'), vm1)).toEqual({ key: 'backup.instanceRunning', values: { instance: 'vm1' } });
    // vm2 is stopped
    expect(overwriteRefusal(b3, byId(VOLUMES, 'v3'), vm2)).toBeNull();
    // a detached volume
    expect(overwriteRefusal(BACKUPS[4], byId(VOLUMES, 'v4'), null)).toBeNull();
    // the volume was deleted: only as a new volume
    expect(overwriteRefusal(b6, null, null)).toEqual({ key: 'backup.volumeGone', values: { name: 'gone' } });
    // a volume being made
    expect(overwriteRefusal(b1, byId(VOLUMES, 'v5'), null).key).toBe('volume.busy');
    // an instance the user cannot see: refused with its id (the engine decides)
    expect(overwriteRefusal(b1, byId(VOLUMES, 'v1'), null).values.instance).toBe('i1');
  });

  it('restores and deletes only what is ready; a failed backup can still be deleted', () => {
    const states = Object.fromEntries(BACKUPS.map((b) => [b.id, [restoreRefusal(b), backupRefusal(b)]]));
    expect(states.b1).toEqual([null, null]);
    expect(states.b4).toEqual(['backup.notReady.CREATING', 'backup.notReady.CREATING']);
    expect(states.b5).toEqual(['backup.failedBackup', null]);
    expect(restoreRefusal({ state: 'DELETING' })).toBe('backup.notReady.DELETING');
  });
});

describe('backing up', () => {
  it('offers pools that have not failed and, for a running instance, serve its host', () => {
    const failed = { ...LOCAL_POOL, id: 'p-bad', state: 'ERROR' };
    const elsewhere = { ...NFS_POOL, id: 'p-other', hosts: [{ hostId: 'h2', state: 'UP' }] };
    const pools = [NFS_POOL, LOCAL_POOL, failed, elsewhere, USER_POOL];
    expect(pools.filter(backupPools(vm1)).map((p) => p.id)).toEqual(['p-nfs', 'p-local', 'p-nfs']);
    // stopped: copied through any host that reaches the pool
    expect(pools.filter(backupPools(vm2)).map((p) => p.id)).toEqual(['p-nfs', 'p-local', 'p-other', 'p-nfs']);
    expect(pools.filter(backupPools(null))).toHaveLength(4);
  });

  it('refuses a volume being made or deleted', () => {
    expect(volumeBackupRefusal(byId(VOLUMES, 'v5'))).toBe('volume.busy');
    expect(volumeBackupRefusal(byId(VOLUMES, 'v1'))).toBeNull();
  });

  it('names a backup as the engine does', () => {
    expect(defaultBackupName('vm1-disk0', new Date(Date.UTC(2026, 11, 7, 2, 3, 4)))).toBe('backup-vm1-disk0-20261207020304');
  });

  it('lists by instance, volume or pool, newest first', () => {
    expect(backupsPath({ instanceId: 'i1' })).toBe('/backups?instanceId=i1&limit=1000');
    expect(backupsPath({ poolId: '' })).toBe('/backups?limit=1000');
    expect(backupsPath({ poolId: 'p 1', volumeId: 'v1' })).toBe('/backups?poolId=p%201&volumeId=v1&limit=1000');
    expect(newestFirst(BACKUPS).map((b) => b.id)).toEqual(['b4', 'b3', 'b2', 'b1', 'b5', 'b6']);
  });

  it('shows the backup task\'s own progress', () => {
    expect(taskPercent(BACKUP_RUNNING)).toBe(30);
    expect(taskPercent(RESTORE_DONE)).toBe(100);
  });

  it('explains every consistency in both languages', () => {
    for (const language of ['en', 'zh-CN']) {
      for (const c of CONSISTENCIES) {
        expect(MESSAGES[language][`consistency.${c}.hint`].length).toBeGreaterThan(20);
      }
      for (const op of ['volume.backup', 'instance.backup', 'backup.delete', 'backup.restore']) {
        expect(MESSAGES[language][`op.${op}`]).toBeTruthy();
      }
    }
  });
});
