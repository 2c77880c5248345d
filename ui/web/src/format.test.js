import { describe, expect, it } from 'vitest';
import { attachmentName, dateTime, duration, mebibytes, number, size } from './format.js';

describe('sizes', () => {
  it.each([
    [0, '0 MiB'], [1, '1 MiB'], [1048576, '1 MiB'], [1048577, '2 MiB'], [1073741823, '1,024 MiB'],
    [1073741824, '1.0 GiB'], [5 * 1073741824 + 536870912, '5.5 GiB'],
  ])('%d bytes', (bytes, expected) => {
    expect(size(bytes)).toBe(expected);
  });

  it('memory in MiB reads the same way', () => {
    expect(mebibytes(128)).toBe('128 MiB');
    expect(mebibytes(24105)).toBe('23.5 GiB');
    expect(mebibytes(null)).toBe('');
  });
});

describe('dates', () => {
  const instant = '2026-12-06T17:46:49.256Z';

  it('reads 2026/12/6 17:46 in Simplified Chinese, on a 24-hour clock', () => {
    expect(dateTime(instant, 'zh-CN', 'UTC')).toBe('2026/12/6 17:46');
  });

  it('reads month/day/year in English, on the same clock', () => {
    expect(dateTime(instant, 'en', 'UTC')).toBe('12/6/2026, 17:46');
    expect(dateTime(new Date(instant), 'en', 'UTC')).toBe('12/6/2026, 17:46');
  });

  it('shows nothing for no date or a broken one', () => {
    expect(dateTime(null, 'en')).toBe('');
    expect(dateTime('', 'en')).toBe('');
    expect(dateTime('not a date', 'en')).toBe('');
  });
});

describe('numbers and durations', () => {
  it('groups digits', () => {
    expect(number(24105, 'zh-CN')).toBe('24,105');
    expect(number(1.25, 'en', 1)).toBe('1.3');
    expect(number(undefined, 'en')).toBe('');
  });

  it.each([
    ['2026-12-06T17:46:00.000Z', '2026-12-06T17:46:00.850Z', '850 ms'],
    ['2026-12-06T17:46:00Z', '2026-12-06T17:46:12Z', '12 s'],
    ['2026-12-06T17:46:00Z', '2026-12-06T17:49:05Z', '3 min 5 s'],
    ['2026-12-06T17:46:00Z', '2026-12-06T17:48:00Z', '2 min'],
    ['2026-12-06T17:46:00Z', '2026-12-06T19:50:00Z', '2 h 4 min'],
  ])('from %s to %s', (from, to, expected) => {
    expect(duration(from, to)).toBe(expected);
  });

  it('a running task lasts until now; none without a start', () => {
    expect(duration('2026-12-06T17:46:00Z', null, Date.parse('2026-12-06T17:46:30Z'))).toBe('30 s');
    expect(duration('2026-12-06T17:46:00Z', null)).toBe('');
    expect(duration(null, '2026-12-06T17:46:00Z')).toBe('');
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
