import { describe, expect, it } from 'vitest';
import { body, problemOf, validate } from './validation.js';
import { translate } from './i18n.js';

const t = (key, values) => translate('en', key, values);

describe('client-side checks mirror the API', () => {
  it.each([
    [{ required: true }, '', 'Required.'],
    [{ required: false }, '', null],
    [{ kind: 'name' }, 'web-1', null],
    [{ kind: 'name' }, '-web', translate('en', 'form.badName')],
    [{ kind: 'name' }, 'a b', translate('en', 'form.badName')],
    [{ type: 'number', min: 1, max: 256 }, '0', 'A whole number from 1 to 256.'],
    [{ type: 'number', min: 1, max: 256 }, '2.5', 'A whole number from 1 to 256.'],
    [{ type: 'number', min: 1, max: 256 }, '8', null],
  ])('%o with %s', (field, value, expected) => {
    expect(problemOf(field, value, t)).toBe(expected);
  });
});

describe('a field may be required depending on the others', () => {
  const disk = { name: 'diskGiB', type: 'number', min: 1, required: (v) => !!v.isoImageId };
  it('is optional without an ISO and required with one', () => {
    expect(problemOf(disk, '', t, {})).toBe(null);
    expect(problemOf(disk, '', t, { isoImageId: 'iso-1' })).toBe('Required.');
    expect(validate([disk], { isoImageId: 'iso-1' }, t)).toMatchObject({ field: 'diskGiB' });
    expect(validate([disk], { isoImageId: 'iso-1', diskGiB: '8' }, t)).toBe(null);
  });
});

describe('a field may have its own rule', () => {
  const image = { name: 'image', required: true, check: (v) => (v.includes(' ') ? 'container.badImage' : null) };
  it('runs once the field is filled', () => {
    expect(problemOf(image, '', t, {})).toBe('Required.');
    expect(problemOf(image, 'busy box', t, {})).toBe(translate('en', 'container.badImage'));
    expect(problemOf(image, 'busybox', t, {})).toBe(null);
  });
});

describe('request bodies', () => {
  it('nest dotted names and leave empty fields out', () => {
    const fields = [{ name: 'name' }, { name: 'quota.cpus', type: 'number' }, { name: 'settings.domainType' },
      { name: 'settings.consoleListen' }];
    expect(body(fields, { name: 'h1', 'quota.cpus': '4', 'settings.domainType': 'qemu', 'settings.consoleListen': '' }))
      .toEqual({ name: 'h1', quota: { cpus: 4 }, settings: { domainType: 'qemu' } });
  });
});
