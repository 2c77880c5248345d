import { describe, expect, it } from 'vitest';
import { MESSAGES, translate } from './i18n.js';

describe('i18n', () => {
  it('translates every key into every language', () => {
    const english = Object.keys(MESSAGES.en).sort();
    for (const [language, messages] of Object.entries(MESSAGES)) {
      expect(Object.keys(messages).sort(), language).toEqual(english);
    }
  });

  it('fills placeholders and shows unknown keys as themselves', () => {
    expect(translate('zh-CN', 'quota.of', { used: 2, limit: 5 })).toBe('已用 2 / 5');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});
