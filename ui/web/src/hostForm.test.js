import { describe, expect, it } from 'vitest';
import { hostBody, hostFields } from './hostForm.js';
import { validate, visible } from './validation.js';
import { translate } from './i18n.js';

const t = (key, values) => translate('en', key, values);
const FIELDS = hostFields(null);
const shown = (values) => visible(FIELDS, values).map((f) => f.name);
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i + 160).toString(16).toUpperCase()).join(':');

describe('the host form per hypervisor type', () => {
  it('asks an ESXi host for credentials and its certificate', () => {
    expect(shown({ type: 'esxi' })).toEqual(['name', 'type', 'uri', 'clusterId', 'username', 'password', 'certificate',
      'settings.thumbprint', 'settings.insecure']);
  });

  it('drops the certificate when the check is explicitly turned off', () => {
    expect(shown({ type: 'esxi', 'settings.insecure': 'true' })).toEqual(['name', 'type', 'uri', 'clusterId', 'username',
      'password', 'settings.insecure']);
  });

  it('keeps the KVM and docker forms as they were', () => {
    expect(shown({ type: 'kvm' })).toEqual(['name', 'type', 'uri', 'clusterId', 'settings.domainType', 'settings.consoleListen']);
    expect(shown({ type: 'docker' })).toEqual(['name', 'type', 'uri', 'clusterId', 'secrets.tlsCa', 'secrets.tlsCert',
      'secrets.tlsKey', 'settings.allowInsecure']);
  });

  it('checks a typed fingerprint, and lets an empty one be trusted on first use', () => {
    const esxi = { name: 'esx1', type: 'esxi', uri: 'https://10.0.0.5/sdk', username: 'root', password: 'pw' };
    expect(validate(FIELDS, esxi, t)).toBe(null);
    expect(validate(FIELDS, { ...esxi, 'settings.thumbprint': 'AB:CD' }, t))
      .toMatchObject({ field: 'settings.thumbprint', detail: t('host.badThumbprint') });
    expect(validate(FIELDS, { ...esxi, username: '' }, t)).toMatchObject({ field: 'username' });
  });
});

describe('the host create request', () => {
  it('sends an ESXi host\'s pinned fingerprint as AA:BB:…', () => {
    expect(hostBody({ name: 'esx1', type: 'esxi', uri: 'https://10.0.0.5/sdk', username: 'root', password: 'pw',
      'settings.thumbprint': FINGERPRINT.replace(/:/g, '').toLowerCase(), labels: { type: 'esxi' } }))
      .toEqual({ name: 'esx1', type: 'esxi', uri: 'https://10.0.0.5/sdk', username: 'root', password: 'pw',
        settings: { thumbprint: FINGERPRINT } });
  });

  it('sends no settings when trusting on first use, and insecure only when chosen (without a fingerprint)', () => {
    const esxi = { name: 'esx1', type: 'esxi', uri: 'https://10.0.0.5/sdk', username: 'root', password: 'pw' };
    expect(hostBody(esxi)).toEqual(esxi);
    expect(hostBody({ ...esxi, 'settings.thumbprint': FINGERPRINT, 'settings.insecure': 'true' }))
      .toEqual({ ...esxi, settings: { insecure: 'true' } });
  });

  it('leaves ESXi settings out of other hosts', () => {
    expect(hostBody({ name: 'k1', type: 'kvm', uri: 'qemu:///system', username: 'root', 'settings.thumbprint': FINGERPRINT,
      'settings.domainType': 'qemu' })).toEqual({ name: 'k1', type: 'kvm', uri: 'qemu:///system', settings: { domainType: 'qemu' } });
  });
});
