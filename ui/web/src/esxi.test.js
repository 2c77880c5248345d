import { describe, expect, it } from 'vitest';
import {
  GUEST_IDS, certificateValidity, detailEntries, detailLines, fingerprintDigits, fingerprintProblem, guestIdProblem,
  normalizeFingerprint, sameFingerprint, shortFingerprint, typeBadge,
} from './esxi.js';
import { MESSAGES } from './i18n.js';

const OCTETS = Array.from({ length: 32 }, (_, i) => (i * 7 + 10).toString(16).toUpperCase().padStart(2, '0'));
const FINGERPRINT = OCTETS.join(':');

describe('certificate fingerprints', () => {
  it.each([
    [FINGERPRINT],
    [FINGERPRINT.toLowerCase()],
    [OCTETS.join('')],
    [OCTETS.join(' ')],
    [`  ${FINGERPRINT}\n`],
    [`sha256 Fingerprint=${FINGERPRINT}`], // openssl x509 -fingerprint -sha256
    [`SHA256 Fingerprint=${OCTETS.join('-')}`],
  ])('%s is written AA:BB:… and accepted', (typed) => {
    expect(normalizeFingerprint(typed)).toBe(FINGERPRINT);
    expect(fingerprintProblem(typed)).toBe(null);
    expect(sameFingerprint(typed, FINGERPRINT)).toBe(true);
  });

  it('leaves alone what is not a SHA-256 fingerprint', () => {
    expect(normalizeFingerprint(' not one ')).toBe('not one');
    expect(fingerprintDigits('ab:cd')).toBe('ABCD');
  });

  it.each([
    ['', null],
    ['   ', null],
    [OCTETS.slice(0, 20).join(':'), 'host.thumbprintSha1'],
    [OCTETS.slice(0, 31).join(':'), 'host.badThumbprint'],
    [`${FINGERPRINT}:00`, 'host.badThumbprint'],
    [FINGERPRINT.replace('0A', 'ZZ'), 'host.badThumbprint'],
  ])('%s: %s', (typed, problem) => {
    expect(fingerprintProblem(typed)).toBe(problem);
  });

  it('names its problems in every language', () => {
    for (const messages of Object.values(MESSAGES)) {
      expect(messages['host.thumbprintSha1']).toBeTruthy();
      expect(messages['host.badThumbprint']).toBeTruthy();
    }
  });

  it('compares however written, never a missing one', () => {
    expect(sameFingerprint(FINGERPRINT, OCTETS.join('').toLowerCase())).toBe(true);
    expect(sameFingerprint(FINGERPRINT, FINGERPRINT.replace('0A', '0B'))).toBe(false);
    expect(sameFingerprint(null, FINGERPRINT)).toBe(false);
    expect(sameFingerprint('', '')).toBe(false);
  });

  it('shortens to the first and last four octets', () => {
    expect(shortFingerprint(FINGERPRINT)).toBe(`${OCTETS.slice(0, 4).join(':')}…${OCTETS.slice(-4).join(':')}`);
    expect(shortFingerprint(OCTETS.join('').toLowerCase())).toBe(shortFingerprint(FINGERPRINT));
    expect(shortFingerprint('AA:BB')).toBe('AA:BB');
  });
});

describe('certificate validity', () => {
  const certificate = { notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z' };
  it.each([
    ['2025-12-31T23:59:59Z', 'notYetValid'],
    ['2026-06-01T00:00:00Z', null],
    ['2027-01-01T00:00:01Z', 'expired'],
  ])('at %s: %s', (now, expected) => {
    expect(certificateValidity(certificate, Date.parse(now))).toBe(expected);
  });
  it('says nothing without dates', () => {
    expect(certificateValidity({}, Date.now())).toBe(null);
    expect(certificateValidity(null, Date.now())).toBe(null);
  });
});

describe('vSphere guest ids', () => {
  it.each([
    ['', null], [undefined, null], ['ubuntu64Guest', null], ['windows2019srv_64Guest', null], ['otherGuest64', null],
    ['a'.repeat(64), null], ['a'.repeat(65), 'wizard.badGuestOs'], ['ubuntu 64', 'wizard.badGuestOs'],
    ['rhel-9', 'wizard.badGuestOs'], ['ubuntu64Guest;', 'wizard.badGuestOs'],
  ])('%s: %s', (id, problem) => {
    expect(guestIdProblem(id)).toBe(problem);
  });
  it('offers only valid ids', () => {
    for (const { value } of GUEST_IDS) {
      expect(guestIdProblem(value), value).toBe(null);
    }
  });
});

describe('instance details', () => {
  it('splits an ESXi VM\'s disks and NICs into lines', () => {
    expect(detailLines('disks', '[LocalDS_0] vm/vm.vmdk (8 GiB thin), [LocalDS_0] vm/vm_1.vmdk (0.5 GiB)'))
      .toEqual(['[LocalDS_0] vm/vm.vmdk (8 GiB thin)', '[LocalDS_0] vm/vm_1.vmdk (0.5 GiB)']);
    expect(detailLines('nics', '00:50:56:aa:bb:cc on VM Network, lab (vmxnet3), 00:50:56:aa:bb:cd on ovm-lan (e1000)'))
      .toEqual(['00:50:56:aa:bb:cc on VM Network, lab (vmxnet3)', '00:50:56:aa:bb:cd on ovm-lan (e1000)']);
    expect(detailLines('annotation', 'a, [b]')).toEqual(['a, [b]']);
  });
  it('orders the well-known first and leaves out empty ones', () => {
    expect(detailEntries({ zeta: 'z', nics: 'n', guestOs: 'Ubuntu Linux (64-bit)', alpha: 'a', vmx: '[ds] vm/vm.vmx', empty: '' })
      .map(([k]) => k)).toEqual(['guestOs', 'vmx', 'nics', 'alpha', 'zeta']);
    expect(detailEntries(null)).toEqual([]);
  });
});

describe('the type badge', () => {
  it.each([
    [{ hostType: 'esxi' }, false, 'type.esxiVm', 'orange', 'esxi'],
    [{ hostType: 'kvm' }, false, 'type.kvmVm', 'blue', 'kvm'],
    [{ hostType: 'simulator' }, false, 'type.vm', 'blue', 'simulator'],
    [{ hostType: null }, false, 'type.vm', 'blue', null],
    [{}, false, 'type.vm', 'blue', null],
    [{ hostType: 'docker' }, true, 'type.container', 'purple', 'docker'],
  ])('%o (container: %s)', (instance, container, label, color, hostType) => {
    expect(typeBadge(instance, container)).toEqual({ label, color, hostType });
  });
});
