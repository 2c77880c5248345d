import { describe, expect, it } from 'vitest';
import { problemOf } from './validation.js';
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
