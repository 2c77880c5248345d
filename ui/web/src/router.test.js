import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './router.js';

describe('routes in the hash', () => {
  it('reads page, id and tab', () => {
    expect(parseRoute('#/instances/3f2a/metrics')).toEqual({ page: 'instances', id: '3f2a', tab: 'metrics' });
    expect(parseRoute('#/zones')).toEqual({ page: 'zones', id: null, tab: null });
    expect(parseRoute('')).toEqual({ page: '', id: null, tab: null });
  });

  it('accepts the old form without a slash', () => {
    expect(parseRoute('#hosts').page).toBe('hosts');
  });

  it('round-trips names that need escaping', () => {
    const hash = href('instances', 'a b/c', 'disks');
    expect(hash).toBe('#/instances/a%20b%2Fc/disks');
    expect(parseRoute(hash)).toEqual({ page: 'instances', id: 'a b/c', tab: 'disks' });
  });

  it('survives a malformed escape', () => {
    expect(parseRoute('#/instances/%E0%A4%A')).toEqual({ page: 'instances', id: null, tab: null });
  });
});
