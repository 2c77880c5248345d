import { describe, expect, it } from 'vitest';
import { attachmentName, size } from './format.js';

describe('sizes', () => {
  it.each([
    [0, '0 MiB'], [1, '1 MiB'], [1048576, '1 MiB'], [1048577, '2 MiB'], [1073741823, '1024 MiB'],
    [1073741824, '1.0 GiB'], [5 * 1073741824 + 536870912, '5.5 GiB'],
  ])('%d bytes', (bytes, expected) => {
    expect(size(bytes)).toBe(expected);
  });
});

describe('attachmentName', () => {
  it('reads the file name of a Content-Disposition header', () => {
    expect(attachmentName('attachment; filename="ovm-events-20261201T100000Z.csv"', 'x')).toBe('ovm-events-20261201T100000Z.csv');
    expect(attachmentName('attachment; filename=events.jsonl', 'x')).toBe('events.jsonl');
  });

  it('falls back when there is no name or it is not a plain one', () => {
    expect(attachmentName(null, 'events.csv')).toBe('events.csv');
    expect(attachmentName('attachment', 'events.csv')).toBe('events.csv');
    expect(attachmentName('attachment; filename="../etc/passwd"', 'events.csv')).toBe('events.csv');
  });
});
