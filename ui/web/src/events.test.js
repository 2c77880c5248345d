import { describe, expect, it } from 'vitest';
import { localInstants, severity, topicWords } from './events.js';
import { translate } from './i18n.js';
import { dateTime } from './format.js';

const en = (key) => translate('en', key);
const zh = (key) => translate('zh-CN', key);

describe('events in words', () => {
  it('translates known topics and keeps unknown parts', () => {
    expect(topicWords('task/succeeded', en)).toBe('Task · succeeded');
    expect(topicWords('task/succeeded', zh)).toBe('任务 · 成功');
    expect(topicWords('auth/login-failed', en)).toBe('Login · login failed');
    expect(topicWords('zeta/app', en)).toBe('zeta · app');
    expect(topicWords('host', en)).toBe('Host');
  });

  it('derives a severity from the outcome and the topic', () => {
    expect(severity({ topic: 'task/failed', outcome: 'FAILED' })).toBe('danger');
    expect(severity({ topic: 'auth/refused', outcome: null })).toBe('danger');
    expect(severity({ topic: 'instance/vanished' })).toBe('danger');
    expect(severity({ topic: 'zone/deleted', outcome: 'SUCCEEDED' })).toBe('warning');
    expect(severity({ topic: 'zone/created', outcome: 'SUCCEEDED' })).toBe('success');
    expect(severity({ topic: 'instance/console' })).toBe('info');
    expect(severity({ topic: 'pool/degraded' })).toBe('danger');
    expect(topicWords('pool/up', en)).toBe('Storage pool · up again');
    expect(topicWords('instance/migrated', zh)).toBe('实例 · 已迁移');
  });

  it('says how bad the HA monitor and restart events are', () => {
    expect(severity({ topic: 'host/suspect' })).toBe('warning');
    expect(severity({ topic: 'host/down' })).toBe('danger');
    expect(severity({ topic: 'host/non-responsive' })).toBe('danger');
    expect(severity({ topic: 'host/confirmed-down', outcome: 'SUCCEEDED' })).toBe('warning');
    expect(severity({ topic: 'instance/ha-restart-failed', outcome: 'FAILED' })).toBe('danger');
    expect(severity({ topic: 'instance/ha-restarted', outcome: 'SUCCEEDED' })).toBe('success');
    expect(topicWords('host/non-responsive', en)).toBe('Host · not responding');
    expect(topicWords('instance/ha-restarted', zh)).toBe('实例 · 已在其他主机重启（高可用）');
  });

  it('says how bad the fencing events are', () => {
    expect(severity({ topic: 'host/fenced', outcome: 'SUCCEEDED' })).toBe('warning');
    expect(severity({ topic: 'host/fence-failed' })).toBe('danger');
    expect(topicWords('host/fence-failed', en)).toBe('Host · fencing failed');
    expect(topicWords('host/fenced', zh)).toBe('主机 · 已隔离（由 BMC 断电）');
  });

  it('says how bad the maintenance drain and migration events are', () => {
    expect(severity({ topic: 'host/preparing-for-maintenance' })).toBe('warning');
    expect(severity({ topic: 'host/maintenance', outcome: 'SUCCEEDED' })).toBe('warning');
    expect(severity({ topic: 'host/maintenance-failed', outcome: 'FAILED' })).toBe('danger');
    expect(severity({ topic: 'host/maintenance-failed' })).toBe('danger');
    expect(severity({ topic: 'instance/migrated', outcome: 'SUCCEEDED' })).toBe('success');
    expect(severity({ topic: 'instance/migrated' })).toBe('info');
    expect(topicWords('host/preparing-for-maintenance', en)).toBe('Host · preparing for maintenance');
    expect(topicWords('host/preparing-for-maintenance', zh)).toBe('主机 · 准备维护');
    expect(topicWords('host/maintenance-failed', en)).toBe('Host · maintenance not reached');
    expect(topicWords('host/maintenance-failed', zh)).toBe('主机 · 未能进入维护');
    expect(topicWords('instance/migrated', en)).toBe('Instance · migrated');
  });

  it('writes instants inside messages as the language does', () => {
    const date = (iso) => dateTime(iso, 'zh-CN', 'UTC');
    expect(localInstants('volume nue-vol1 attached to nue-vm1 at 2026-12-06T17:46:07.256Z', date))
      .toBe('volume nue-vol1 attached to nue-vm1 at 2026/12/6 17:46');
    expect(localInstants('nothing to see', date)).toBe('nothing to see');
  });
});
