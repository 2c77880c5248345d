import { describe, expect, it } from 'vitest';
import { haText } from './ha.js';
import { translate } from './i18n.js';

const en = (key, values) => translate('en', key, values);

describe('the HA flag in words', () => {
  it('names the priority, or why the instance would not restart', () => {
    expect(haText({ ha: false }, en)).toBe('');
    expect(haText({ ha: true, haPriority: 5, haBlocker: null }, en)).toBe('HA (priority 5)');
    expect(haText({ ha: true, haPriority: 0, haBlocker: 'disk d is on pool local' }, en))
      .toBe('HA, will not restart: disk d is on pool local');
  });
});
