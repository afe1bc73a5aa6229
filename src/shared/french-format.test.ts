import { describe, expect, it } from 'vitest';
import { countOf, formatSize, sizeOverLimit } from './french-format';

describe('formatSize', () => {
  it('writes sizes with a decimal comma and French units', () => {
    expect(formatSize(1.5 * 1024 ** 2)).toBe('1,5 Mo');
    expect(formatSize(3 * 1024 ** 3)).toBe('3 Go');
    expect(formatSize(820 * 1024)).toBe('820 ko');
    expect(formatSize(1)).toBe('1 octet');
    expect(formatSize(512)).toBe('512 octets');
  });
});

describe('sizeOverLimit', () => {
  it('says « plus de » where a size just over a limit would read as the limit', () => {
    const limit = 25 * 1024 ** 2;
    expect(sizeOverLimit(limit + 1, limit)).toBe('plus de 25 Mo');
    expect(sizeOverLimit(30 * 1024 ** 2, limit)).toBe('30 Mo');
  });
});

describe('countOf', () => {
  it('puts zero and one in the singular, more in the plural', () => {
    expect(countOf(0, 'annotation')).toBe('0 annotation');
    expect(countOf(1, 'projet')).toBe('1 projet');
    expect(countOf(3, 'lien')).toBe('3 liens');
    expect(countOf(2, 'territoire')).toBe('2 territoires');
  });
});
