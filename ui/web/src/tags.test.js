import { describe, expect, it } from 'vitest';
import { defaultColumns, parseTags, rememberedColumns } from './tags.js';

describe('tags', () => {
  it('splits on commas and blanks, drops duplicates', () => {
    expect(parseTags('web, prod  web,db')).toEqual({ tags: ['web', 'prod', 'db'], error: null, tag: null });
    expect(parseTags('')).toEqual({ tags: [], error: null, tag: null });
  });

  it('refuses what the API refuses', () => {
    expect(parseTags('ok, bad/tag')).toMatchObject({ error: 'tags.bad', tag: 'bad/tag' });
    expect(parseTags('x'.repeat(33))).toMatchObject({ error: 'tags.bad' });
    expect(parseTags(Array.from({ length: 17 }, (_, i) => `t${i}`).join(' '))).toMatchObject({ error: 'tags.tooMany' });
  });
});

describe('instance columns', () => {
  it('remembers the choice, ignoring unknown or broken ones', () => {
    expect(rememberedColumns('["owner","bogus","tags"]', true)).toEqual(['owner', 'tags']);
    expect(rememberedColumns('[]', true)).toEqual([]);
    expect(rememberedColumns('{broken', false)).toEqual(defaultColumns(false));
    expect(rememberedColumns(null, true)).toEqual(defaultColumns(true));
  });
});
