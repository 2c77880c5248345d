import { describe, expect, it } from 'vitest';
import { fencedText, pmBody, pmFields, pmInitial, pmSummary, testOutcome } from './powerManagement.js';
import { body, validate, visible } from './validation.js';
import { translate } from './i18n.js';

const en = (key, values) => translate('en', key, values);
const zh = (key, values) => translate('zh-CN', key, values);
const PM = { type: 'ipmi', address: '10.0.0.5', port: 623, username: 'admin',
  settings: { interface: 'lanplus', cipherSuite: '3', privilege: 'ADMINISTRATOR' }, passwordSet: true };
const CONFIGURED = { id: 'h1', name: 'kvm1', powerManagement: PM };
const BARE = { id: 'h2', name: 'kvm2', powerManagement: null };
const shown = (host, values) => visible(pmFields(host, null), values).map((f) => f.name);

describe('the power management form', () => {
  it('starts from IPMI\'s defaults, or from what is stored (never the password)', () => {
    expect(pmInitial(BARE)).toEqual({ type: 'ipmi', address: '', port: '', username: '', password: '',
      'settings.interface': 'lanplus', 'settings.privilege': 'ADMINISTRATOR', 'settings.cipherSuite': '',
      'settings.timeoutSeconds': '', 'settings.retries': '' });
    expect(pmInitial(CONFIGURED)).toMatchObject({ address: '10.0.0.5', port: '623', username: 'admin', password: '',
      'settings.cipherSuite': '3' });
  });

  it('asks for the password only when none is stored', () => {
    const values = { ...pmInitial(BARE), address: '10.0.0.9', username: 'root' };
    expect(validate(pmFields(BARE, null), values, en)).toMatchObject({ field: 'password' });
    expect(validate(pmFields(CONFIGURED, null), pmInitial(CONFIGURED), en)).toBe(null);
    expect(pmFields(CONFIGURED, null).find((f) => f.name === 'password').placeholderKey).toBe('pm.passwordUnchanged');
  });

  it('checks the port and the cipher suite', () => {
    const values = pmInitial(CONFIGURED);
    expect(validate(pmFields(CONFIGURED, null), { ...values, port: '70000' }, en)).toMatchObject({ field: 'port' });
    expect(validate(pmFields(CONFIGURED, null), { ...values, 'settings.cipherSuite': '18' }, en))
      .toMatchObject({ field: 'settings.cipherSuite' });
  });

  it('offers the cipher suite over lanplus only, and the Test button when given', () => {
    expect(shown(BARE, pmInitial(BARE))).toContain('settings.cipherSuite');
    expect(shown(BARE, { ...pmInitial(BARE), 'settings.interface': 'lan' })).not.toContain('settings.cipherSuite');
    const Test = () => null;
    const test = pmFields(CONFIGURED, Test).at(-1);
    expect(test).toMatchObject({ name: 'pm-test', type: 'custom', component: Test, host: CONFIGURED });
    // the custom field adds nothing to a generic body
    expect(body(pmFields(CONFIGURED, Test), pmInitial(CONFIGURED))).not.toHaveProperty('pm-test');
  });
});

describe('the power management request', () => {
  it('leaves empty values out and keeps the stored password', () => {
    expect(pmBody({ ...pmInitial(BARE), address: ' 10.0.0.9 ', username: 'root', password: 'pw',
      labels: { type: 'ipmi' } })).toEqual({ type: 'ipmi', address: '10.0.0.9', username: 'root', password: 'pw',
      settings: { interface: 'lanplus', privilege: 'ADMINISTRATOR' } });
    expect(pmBody(pmInitial(CONFIGURED))).toEqual({ type: 'ipmi', address: '10.0.0.5', port: 623, username: 'admin',
      settings: { interface: 'lanplus', cipherSuite: '3', privilege: 'ADMINISTRATOR' } });
  });

  it('sends settings as strings, and no cipher suite over lan', () => {
    expect(pmBody({ type: 'ipmi', address: 'bmc1', username: 'u', 'settings.interface': 'lan', 'settings.cipherSuite': '17',
      'settings.timeoutSeconds': '20', 'settings.retries': '0' }).settings)
      .toEqual({ interface: 'lan', timeoutSeconds: '20', retries: '0' });
  });

  it('keeps the settings the form does not show', () => {
    const host = { ...CONFIGURED, powerManagement: { ...PM, settings: { ...PM.settings, kg: '0x1234' } } };
    expect(pmBody(pmInitial(host)).settings).toEqual({ interface: 'lanplus', cipherSuite: '3', privilege: 'ADMINISTRATOR',
      kg: '0x1234' });
  });
});

describe('power management in words', () => {
  it('names the BMC, or that there is none', () => {
    expect(pmSummary(CONFIGURED, en)).toBe('IPMI 10.0.0.5:623');
    expect(pmSummary({ powerManagement: { ...PM, port: null } }, en)).toBe('IPMI 10.0.0.5');
    expect(pmSummary(BARE, en)).toBe('No power management');
    expect(pmSummary(BARE, zh)).toBe('无电源管理');
  });

  it('says when and by whom the host was fenced', () => {
    const t = Object.assign((key, values) => en(key, values), { date: (iso) => `<${iso}>` });
    expect(fencedText(BARE, t)).toBe('');
    expect(fencedText({ fencedAt: '2026-01-05T10:00:00Z', fencedBy: 'power management (ipmi)' }, t))
      .toBe('Fenced <2026-01-05T10:00:00Z> by power management (ipmi)');
    expect(fencedText({ fencedAt: '2026-01-05T10:00:00Z', fencedBy: null }, t)).toBe('Fenced <2026-01-05T10:00:00Z>');
  });

  it('shows a test\'s answer, or the refusal\'s detail', () => {
    expect(testOutcome({ status: 'ON', message: 'the BMC at 10.0.0.5:623 reports the power ON' }, null, en))
      .toEqual({ variant: 'success', title: 'Reached: the host is powered on', status: 'ON',
        detail: 'the BMC at 10.0.0.5:623 reports the power ON' });
    expect(testOutcome({ status: 'WEIRD' }, null, en)).toMatchObject({ variant: 'warning', status: 'UNKNOWN' });
    const refused = Object.assign(new Error('HTTP 502'), { status: 502,
      problem: { status: 502, detail: 'RAKP 2 HMAC is invalid: check the user and password' } });
    expect(testOutcome(null, refused, en)).toEqual({ variant: 'danger', title: 'The test failed',
      detail: 'RAKP 2 HMAC is invalid: check the user and password', status: 'ERROR' });
    expect(testOutcome(null, new Error('Failed to fetch'), en)).toMatchObject({ detail: 'Failed to fetch' });
  });
});
