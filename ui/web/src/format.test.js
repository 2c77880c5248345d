import { describe, expect, it } from 'vitest';
import { size } from './format.js';

describe('sizes', () => {
  it.each([
    [0, '0 MiB'], [1, '1 MiB'], [1048576, '1 MiB'], [1048577, '2 MiB'], [1073741823, '1024 MiB'],
    [1073741824, '1.0 GiB'], [5 * 1073741824 + 536870912, '5.5 GiB'],
  ])('%d bytes', (bytes, expected) => {
    expect(size(bytes)).toBe(expected);
  });
});
