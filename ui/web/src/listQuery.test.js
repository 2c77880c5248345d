import { describe, expect, it } from 'vitest';
import { listQuery, localView, nextSort } from './listQuery.js';

describe('list queries', () => {
  it('holds the pager, the search, the sort and the filters', () => {
    expect(listQuery({ limit: 20, offset: 40, q: ' vm ', sort: { field: 'createdAt', direction: 'desc' }, filters: { state: 'RUNNING', host: '' } }))
      .toBe('limit=20&offset=40&q=vm&sort=-createdAt&state=RUNNING');
    expect(listQuery({ limit: 10, offset: 0, q: '', sort: null })).toBe('limit=10&offset=0');
    expect(listQuery({ q: 'a&b', sort: { field: 'name', direction: 'asc' } })).toBe('q=a%26b&sort=name');
  });

  it('a click on a header sorts by it; a second click flips it; dates start newest first', () => {
    expect(nextSort(null, 'name')).toEqual({ field: 'name', direction: 'asc' });
    expect(nextSort({ field: 'name', direction: 'asc' }, 'name')).toEqual({ field: 'name', direction: 'desc' });
    expect(nextSort({ field: 'name', direction: 'desc' }, 'name')).toEqual({ field: 'name', direction: 'asc' });
    expect(nextSort({ field: 'name', direction: 'asc' }, 'createdAt', { newestFirst: true })).toEqual({ field: 'createdAt', direction: 'desc' });
  });
});

describe('the page filtered and sorted here (older engines)', () => {
  const items = [{ name: 'vm10', createdAt: '2026-12-06T10:00:00Z' }, { name: 'web', createdAt: '2026-12-06T12:00:00Z' },
    { name: 'VM2', createdAt: '2026-12-06T11:00:00Z' }];

  it('finds by case-insensitive substring: "vm" finds vm10 and VM2', () => {
    expect(localView(items, { q: 'vm' }).map((i) => i.name)).toEqual(['vm10', 'VM2']);
  });

  it('sorts names naturally and dates both ways', () => {
    expect(localView(items, { sort: { field: 'name', direction: 'asc' } }).map((i) => i.name)).toEqual(['VM2', 'vm10', 'web']);
    expect(localView(items, { sort: { field: 'createdAt', direction: 'desc' } }).map((i) => i.name)).toEqual(['web', 'VM2', 'vm10']);
  });

  it('searches the text the page names (a user\'s username)', () => {
    expect(localView([{ username: 'alice' }, { username: 'bob' }], { q: 'LI', text: (u) => u.username })).toEqual([{ username: 'alice' }]);
  });
});
